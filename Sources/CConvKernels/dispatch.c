#include "conv_kernels.h"
