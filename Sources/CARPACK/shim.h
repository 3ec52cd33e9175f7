#pragma once
/* The one door to ARPACK (Debian's libarpack2-dev, arpack-ng): the ISO C bindings of the
 * symmetric reverse-communication Lanczos driver (arpack/arpack.h, a_int = int since Debian
 * builds without INTERFACE64), declared here so that no complex types reach Swift. */

/* Implicitly restarted Lanczos: one step of reverse communication (ido tells the caller what
 * to apply next). */
void dsaupd_c(int *ido, const char *bmat, int n, const char *which, int nev, double tol, double *resid,
              int ncv, double *v, int ldv, int *iparam, int *ipntr, double *workd, double *workl,
              int lworkl, int *info);

/* The Ritz values (and vectors) of a converged dsaupd_c run. */
void dseupd_c(int rvec, const char *howmny, const int *select, double *d, double *z, int ldz, double sigma,
              const char *bmat, int n, const char *which, int nev, double tol, double *resid, int ncv,
              double *v, int ldv, int *iparam, int *ipntr, double *workd, double *workl, int lworkl,
              int *info);
