// A process-wide team of helper threads for cvk_parallel_for (see thread_team.h).
//
// One call at a time owns the team. The caller writes the job, then publishes it by storing
// a new generation into `state`; helpers that see it join by a compare-and-swap on `state`
// that also checks the generation (a helper that saw an older call cannot join a newer one)
// and the join limit. Items are claimed by fetch-and-add on `next`. When the caller finds no
// items left it closes the job (a bit in `state`) and waits until every helper that joined
// has finished; only then may the next call rewrite the job, so a helper that joined reads a
// stable job. Idle helpers spin on `state` for CVK_TEAM_SPIN_NS, yielding the CPU to any
// other runnable thread, then sleep on a condition variable; a caller broadcasts only when
// some helper sleeps (`sleepers`, sequentially consistent with `state`, so no wake-up is lost).
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "thread_team.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

/// How long an idle helper keeps polling before it sleeps.
#define CVK_TEAM_SPIN_NS 2000000LL
#define MAX_HELPERS 255

// state: generation << 32 | CLOSED | join limit << 8 | joined helpers.
#define CLOSED ((uint64_t)1 << 31)
#define JOINED(s) ((int)((s) & 0xff))
#define LIMIT(s) ((int)(((s) >> 8) & 0xff))
#define GENERATION(s) ((uint32_t)((s) >> 32))

static pthread_once_t team_once = PTHREAD_ONCE_INIT;
static int helper_count;
static atomic_flag team_busy = ATOMIC_FLAG_INIT;

static _Atomic uint64_t state;
static _Atomic ptrdiff_t next_item;
static _Atomic int finished;
static _Atomic int sleepers;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;

// The job, written by the owning caller before it publishes the generation.
static cvk_item_fn job_fn;
static void *job_context;
static ptrdiff_t job_items;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void run_items(int participant, cvk_item_fn fn, void *context, ptrdiff_t items) {
    for (;;) {
        ptrdiff_t item = atomic_fetch_add_explicit(&next_item, 1, memory_order_relaxed);
        if (item >= items) return;
        fn(context, participant, item);
    }
}

// Waits until the generation in `state` differs from `seen`; returns the state it read.
static uint64_t wait_for_job(uint32_t seen) {
    int64_t deadline = now_ns() + CVK_TEAM_SPIN_NS;
    for (int round = 0;; round++) {
        uint64_t s = atomic_load_explicit(&state, memory_order_acquire);
        if (GENERATION(s) != seen) return s;
        for (int i = 0; i < 16; i++) CPU_RELAX();
        if ((round & 63) == 63) {
            if (now_ns() > deadline) break;
            sched_yield();
        }
    }
    pthread_mutex_lock(&sleep_lock);
    atomic_fetch_add(&sleepers, 1);
    uint64_t s;
    while (GENERATION(s = atomic_load(&state)) == seen) pthread_cond_wait(&sleep_cond, &sleep_lock);
    atomic_fetch_sub(&sleepers, 1);
    pthread_mutex_unlock(&sleep_lock);
    return s;
}

static void *helper_main(void *unused) {
    (void)unused;
    uint32_t seen = 0;
    for (;;) {
        uint64_t s = wait_for_job(seen);
        seen = GENERATION(s);
        // Join this generation's job unless it is closed or full; a failed swap reloads `s`.
        while (GENERATION(s) == seen && !(s & CLOSED) && JOINED(s) < LIMIT(s)) {
            if (atomic_compare_exchange_weak_explicit(&state, &s, s + 1, memory_order_acq_rel, memory_order_acquire)) {
                run_items(JOINED(s) + 1, job_fn, job_context, job_items);
                atomic_fetch_add_explicit(&finished, 1, memory_order_release);
                break;
            }
        }
    }
    return NULL;
}

static int allowed_cpus(void) {
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

static void start_team(void) {
    int wanted = allowed_cpus() - 1;
    if (wanted > MAX_HELPERS) wanted = MAX_HELPERS;
    for (int i = 0; i < wanted; i++) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, helper_main, NULL);
        pthread_attr_destroy(&attributes);
        if (failed) break;   // fewer helpers: calls still finish, the caller runs what they do not
        helper_count++;
    }
}

int cvk_team_capacity(void) {
    pthread_once(&team_once, start_team);
    return helper_count + 1;
}

void cvk_parallel_for(ptrdiff_t items, int threads, cvk_item_fn fn, void *context) {
    if (items <= 0) return;
    int helpers = threads - 1;
    if (helpers > 0) {
        pthread_once(&team_once, start_team);
        if (helpers > helper_count) helpers = helper_count;
        if ((ptrdiff_t)helpers > items - 1) helpers = (int)(items - 1);
    }
    if (helpers <= 0 || atomic_flag_test_and_set_explicit(&team_busy, memory_order_acquire)) {
        for (ptrdiff_t item = 0; item < items; item++) fn(context, 0, item);
        return;
    }
    job_fn = fn;
    job_context = context;
    job_items = items;
    atomic_store_explicit(&next_item, 0, memory_order_relaxed);
    atomic_store_explicit(&finished, 0, memory_order_relaxed);
    uint64_t published = ((uint64_t)(GENERATION(atomic_load(&state)) + 1) << 32) | ((uint64_t)helpers << 8);
    atomic_store(&state, published);   // sequentially consistent, before reading `sleepers`
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&sleep_lock);
        pthread_cond_broadcast(&sleep_cond);
        pthread_mutex_unlock(&sleep_lock);
    }
    run_items(0, fn, context, items);
    uint64_t closed = atomic_fetch_or(&state, CLOSED);
    int joined = JOINED(closed);
    while (atomic_load_explicit(&finished, memory_order_acquire) < joined) CPU_RELAX();
    atomic_flag_clear_explicit(&team_busy, memory_order_release);
}
