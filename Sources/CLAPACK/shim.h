#pragma once
/* The one door to LAPACK (Debian's liblapack-dev, reference or OpenBLAS through alternatives):
 * the Fortran symbols ConvMatrixSpectrum calls, declared here because Debian's liblapack-dev
 * ships no C header. Fortran passes everything by reference; each CHARACTER argument adds a
 * hidden trailing length (size_t). Complex arrays are interleaved (re, im) doubles. */
#include <stddef.h>

/* A = U·Σ·Vᵀ of a real m×n column-major matrix, divide and conquer. */
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             int *iwork, int *info, size_t jobz_length);

/* A = U·Σ·Vᴴ of a complex m×n column-major matrix, divide and conquer. */
void zgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             double *rwork, int *iwork, int *info, size_t jobz_length);
