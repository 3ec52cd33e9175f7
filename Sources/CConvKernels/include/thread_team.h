#ifndef CVK_THREAD_TEAM_H
#define CVK_THREAD_TEAM_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One call of a parallel loop: fn(context, participant, item), participant < the call's
/// thread count, the same participant never running two items at once.
typedef void (*cvk_item_fn)(void *context, int participant, ptrdiff_t item);

/// Calls fn(context, p, i) once for every item i < items on up to `threads` threads: the
/// calling thread (participant 0) and helpers of a process-wide team (participants 1, 2, …),
/// items claimed one at a time from a shared counter, so a helper that wakes late takes fewer
/// items and none waits for it. Returns when every item has run.
///
/// Helpers are started on first use (one fewer than the CPUs this process may run on) and
/// wait for the next call spinning for a short while (CVK_TEAM_SPIN_NS) before they sleep, so
/// that back-to-back calls do not pay a sleeping thread's wake-up (on a virtual machine,
/// 0.1–3 ms, as long as a small layer's whole call). A call made while another call holds
/// the team (another thread, or nested inside fn) runs all its items on the calling thread.
void cvk_parallel_for(ptrdiff_t items, int threads, cvk_item_fn fn, void *context);

/// Threads cvk_parallel_for can run at once: the team's helpers plus the caller.
int cvk_team_capacity(void);

#ifdef __cplusplus
}
#endif
#endif
