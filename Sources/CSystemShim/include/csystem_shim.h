#ifndef TOLLBOOK_CSYSTEM_SHIM_H
#define TOLLBOOK_CSYSTEM_SHIM_H

/// Glibc calls that Swift's Glibc module does not import (they need _GNU_SOURCE): descriptors
/// created close-on-exec in one step (a fork on another thread between creating a descriptor and
/// setting FD_CLOEXEC would otherwise let a child, a worker, inherit it), and a thread's priority.

/// `pipe2(fds, O_CLOEXEC)`: both ends close-on-exec. Returns 0, or -1 with errno set.
int tollbook_pipe_cloexec(int fds[2]);

/// `mkostemp(path_template, O_CLOEXEC)`: creates and opens a unique file from a template ending in
/// "XXXXXX" (replaced in place). Returns the descriptor, or -1 with errno set.
int tollbook_mkstemp_cloexec(char *path_template);

/// Runs the calling thread under SCHED_IDLE (Linux, per thread): it gets a processor only when
/// no other thread wants one and yields at once when one does — work done beside a foreground job
/// (roll-ups beside an import) then takes only the time that job leaves, without the wake-up delays
/// a merely lower priority (nice 19, the fallback) still causes. Returns 0, or -1 with errno set.
int tollbook_run_thread_when_idle(void);

#endif
