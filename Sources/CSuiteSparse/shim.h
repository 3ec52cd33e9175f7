#pragma once
/* The one door to SuiteSparse: CHOLMOD (sdmult, ssmult) and CXSparse (cs_di_*, cs_dl_*). */
#define NCOMPLEX 1
#include <suitesparse/cholmod.h>
#include <suitesparse/cs.h>
