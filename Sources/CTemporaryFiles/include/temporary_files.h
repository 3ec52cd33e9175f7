// Temporary files removed when the process is interrupted (SIGINT, SIGTERM, SIGHUP).
#ifndef CONVMAT_TEMPORARY_FILES_H
#define CONVMAT_TEMPORARY_FILES_H

/// Registers `path` (an absolute or relative path, at most 4095 bytes) as a temporary file to be
/// unlinked if SIGINT, SIGTERM or SIGHUP arrives before `cm_temporary_unregister`. The first call
/// installs the handlers (a signal the process ignores stays ignored). Thread-safe.
/// Returns the slot to unregister, or -1 when all 64 slots are taken or the path is too long
/// (the file is then not protected, which the caller may accept).
int cm_temporary_register(const char *path);

/// Forgets `slot` (the file was renamed into place or removed). `slot` -1 is ignored.
void cm_temporary_unregister(int slot);

/// Unblocks SIGINT, SIGTERM and SIGHUP in the calling thread (a process inherits its parent's
/// signal mask, and some launchers block them), so that an interrupt is acted on at once.
void cm_unblock_termination_signals(void);

#endif
