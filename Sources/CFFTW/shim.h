#pragma once
/* The one door to FFTW 3 (Debian's libfftw3-dev), double precision. */
#include <fftw3.h>
