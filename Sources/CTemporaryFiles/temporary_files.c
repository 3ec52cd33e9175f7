// Signal-safe removal of temporary files: a fixed table written before any signal can need it,
// and a handler that calls only async-signal-safe functions (unlink, sigaction, raise).
#define _GNU_SOURCE
#include "temporary_files.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum { slot_count = 64, path_capacity = 4096 };

// 0 = free, 1 = being written, 2 = registered (the handler unlinks only state 2).
static atomic_int slot_state[slot_count];
static char slot_path[slot_count][path_capacity];
static atomic_int handlers_installed;
static const int handled_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void remove_temporaries_and_reraise(int signal_number) {
    for (int i = 0; i < slot_count; i++) {
        if (atomic_load(&slot_state[i]) == 2) unlink(slot_path[i]);
    }
    // Die of the same signal with the default action, so the exit status is the conventional
    // 128 + signal number and the parent sees how the process ended.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    raise(signal_number);
}

static void install_handlers(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&handlers_installed, &expected, 1)) return;
    for (size_t k = 0; k < sizeof handled_signals / sizeof handled_signals[0]; k++) {
        struct sigaction previous;
        if (sigaction(handled_signals[k], NULL, &previous) != 0) continue;
        // Respect a signal the process was told to ignore (nohup) and handlers installed by others.
        if (previous.sa_handler != SIG_DFL) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = remove_temporaries_and_reraise;
        sigemptyset(&action.sa_mask);
        for (size_t j = 0; j < sizeof handled_signals / sizeof handled_signals[0]; j++) {
            sigaddset(&action.sa_mask, handled_signals[j]);
        }
        sigaction(handled_signals[k], &action, NULL);
    }
}

int cm_temporary_register(const char *path) {
    size_t length = strlen(path);
    if (length >= path_capacity) return -1;
    install_handlers();
    for (int i = 0; i < slot_count; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&slot_state[i], &expected, 1)) {
            memcpy(slot_path[i], path, length + 1);
            atomic_store(&slot_state[i], 2);
            return i;
        }
    }
    return -1;
}

void cm_temporary_unregister(int slot) {
    if (slot < 0 || slot >= slot_count) return;
    atomic_store(&slot_state[slot], 0);
}

void cm_unblock_termination_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < sizeof handled_signals / sizeof handled_signals[0]; k++) sigaddset(&set, handled_signals[k]);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
