// Scratch memory kept between dense calls: a few 64-byte-aligned blocks behind a mutex, so
// that repeated calls reuse warm pages instead of faulting in fresh ones (a 1 MiB scratch
// is 256 page faults, a noticeable share of a small layer's time).
#include <pthread.h>
#include <stdlib.h>
#include "conv_kernels.h"

#define POOL_SLOTS 8
#define POOL_MAX_BLOCK ((size_t)64 << 20)

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static void *pool_block[POOL_SLOTS];
static size_t pool_size[POOL_SLOTS];

void *cvk_scratch_take(size_t bytes, size_t *capacity) {
    size_t want = (bytes + 63) / 64 * 64;
    if (want == 0) want = 64;
    pthread_mutex_lock(&pool_lock);
    int best = -1;
    for (int i = 0; i < POOL_SLOTS; i++)
        if (pool_block[i] && pool_size[i] >= want && (best < 0 || pool_size[i] < pool_size[best])) best = i;
    if (best >= 0) {
        void *p = pool_block[best];
        *capacity = pool_size[best];
        pool_block[best] = NULL;
        pthread_mutex_unlock(&pool_lock);
        return p;
    }
    pthread_mutex_unlock(&pool_lock);
    *capacity = want;
    return aligned_alloc(64, want);
}

void cvk_scratch_give(void *block, size_t capacity) {
    if (!block) return;
    if (capacity > POOL_MAX_BLOCK) { free(block); return; }
    pthread_mutex_lock(&pool_lock);
    // An empty slot, else the slot of the smallest block if that is smaller than this one.
    int slot = -1;
    for (int i = 0; i < POOL_SLOTS && slot < 0; i++)
        if (!pool_block[i]) slot = i;
    if (slot < 0) {
        int smallest = 0;
        for (int i = 1; i < POOL_SLOTS; i++)
            if (pool_size[i] < pool_size[smallest]) smallest = i;
        if (pool_size[smallest] < capacity) slot = smallest;
    }
    void *evicted = block;
    if (slot >= 0) {
        evicted = pool_block[slot];
        pool_block[slot] = block;
        pool_size[slot] = capacity;
    }
    pthread_mutex_unlock(&pool_lock);
    free(evicted);
}
