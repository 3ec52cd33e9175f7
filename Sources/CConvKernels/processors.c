// The number of processors this process may run on (its CPU affinity mask, so `taskset`
// and container CPU sets are respected), falling back to the online count.
#define _GNU_SOURCE
#include <unistd.h>
#if defined(__linux__)
#include <sched.h>
#endif
#include "conv_kernels.h"

ptrdiff_t cvk_active_processors(void) {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (ptrdiff_t)online : 1;
}
