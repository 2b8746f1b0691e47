// What Glibc's Swift module does not export (variadic calls, macros, newer
// syscalls), wrapped as plain functions the Multiprocessing core can call.
#ifndef CMULTIPROCESSING_H
#define CMULTIPROCESSING_H

#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

#include "CSharedRing.h"
#include "CSharedSync.h"

/// prctl(PR_SET_PDEATHSIG, signal): deliver `signal` to the caller when the
/// thread that created it exits. Returns 0 or -1 with errno set.
int mp_set_parent_death_signal(int signal);

/// prctl(PR_SET_CHILD_SUBREAPER, on): orphans below the caller are re-parented to it.
int mp_set_child_subreaper(int on);

/// Sets this thread's name (what ps and /proc/PID/comm show), at most 15 bytes.
int mp_set_process_name(const char *name);

/// Installs handlers that flush stdout and stderr when the process is about
/// to die of SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE or SIGTERM,
/// then pass the signal on (to the previous handler, or its default action).
/// Returns how many signals it now watches.
int mp_install_crash_flush(void);

/// pidfd_open(2): a descriptor that becomes readable when `pid` exits.
int mp_pidfd_open(pid_t pid);

/// pidfd_send_signal(2): signal the process behind `pidfd` without pid reuse races.
int mp_pidfd_send_signal(int pidfd, int signal);

/// close_range(first, ~0U, 0): close every descriptor from `first` upwards.
int mp_close_from(int first);

/// posix_spawn_file_actions_addclosefrom_np: the spawned child closes every
/// descriptor from `first` upwards before exec.
int mp_spawn_file_actions_add_close_from(posix_spawn_file_actions_t *actions, int first);

/// Turns a waitpid status into Python's exit code convention: the exit status
/// when the child exited, minus the signal number when a signal killed it,
/// and INT32_MIN for a status that is neither (stopped, continued).
int mp_exit_code_from_wait_status(int status);

/// sendmsg with `count` descriptors attached (SCM_RIGHTS) to `length` bytes.
/// Returns bytes sent or -1 with errno set.
ssize_t mp_send_with_descriptors(int socket, const void *bytes, size_t length,
                                 const int *descriptors, int count);

/// recvmsg accepting up to `capacity` descriptors (received with O_CLOEXEC).
/// Returns bytes received (0 at end of file) or -1 with errno set; stores the
/// number of descriptors received in `*received`. Descriptors that arrive
/// beyond `capacity`, or with a truncated control message, are closed and
/// reported as errno EMSGSIZE.
ssize_t mp_receive_with_descriptors(int socket, void *bytes, size_t length,
                                    int *descriptors, int capacity, int *received);

/// Number of threads in the calling process (from /proc/self/stat), or -1.
int mp_thread_count(void);

/// CPUs in the caller's affinity mask (sched_getaffinity), or -1.
int mp_usable_cpu_count(void);

/// pipe2(fds, O_CLOEXEC).
int mp_pipe_cloexec(int fds[2]);

/// Blocks SIGCHLD and returns a non-blocking, close-on-exec signalfd that
/// becomes readable when a child changes state (or -1).
int mp_child_signal_descriptor(void);

/// Unblocks SIGCHLD again (in a child forked by the fork server).
void mp_unblock_child_signal(void);

/// Reads and drops every pending signal record from a signalfd.
void mp_drain_signal_descriptor(int descriptor);

/// Writes `text` to standard error with write(2), bypassing stdio.
void mp_write_standard_error(const char *text);

/// accept4(listener, NULL, NULL, SOCK_CLOEXEC).
int mp_accept_cloexec(int listener);

/// memfd_create(name, MFD_CLOEXEC): anonymous memory with a descriptor, so
/// it can be handed to spawned children.
int mp_memfd_create(const char *name);

#endif
