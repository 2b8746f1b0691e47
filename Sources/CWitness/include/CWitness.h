#ifndef CWITNESS_H
#define CWITNESS_H

#include <stdint.h>
#include <sys/types.h>

/// What the kernel showed the witness about one process (a thread group)
/// of a witnessed run.
typedef struct {
    pid_t pid;
    /// The process that forked it (its kernel parent at birth).
    pid_t parent;
    /// Nanoseconds since the run started (CLOCK_MONOTONIC).
    int64_t start_ns;
    /// When it ended; -1 while alive.
    int64_t end_ns;
    /// The raw wait status, valid when ended is 1.
    int wait_status;
    int ended;
    /// Whether it called execve after it was born.
    int execed;
    /// Time on a CPU, summed over its threads, in nanoseconds.
    int64_t cpu_ns;
    /// The kernel's name for it (`comm`), read when it ended (or at exec).
    char name[16];
} witness_process;

/// One write to standard output (fd 1) or standard error (fd 2), as it
/// completed, with the bytes that were written.
typedef struct {
    pid_t pid;
    int fd;
    int64_t time_ns;
    /// Offset and length of its bytes in the witness's data buffer.
    int64_t offset;
    int64_t length;
    /// Bytes written beyond what the buffer kept (the output cap).
    int64_t dropped;
} witness_write;

typedef struct witness witness;

/// Limits for a program that is not trusted (a submission being graded),
/// applied in the child between fork and exec. A field left at -1 (or
/// NULL, or 0 for the flags) is not applied.
typedef struct {
    /// The folder the program starts in.
    const char *working_directory;
    /// Up to two cgroup.procs files the child moves itself into (a pids or
    /// memory cgroup); the parent made and limited the cgroups.
    const char *cgroup_procs[2];
    /// Leave the network: a new, empty network namespace (needs root).
    int new_network;
    /// RLIMIT_CPU, seconds of CPU per process.
    int64_t cpu_seconds;
    /// RLIMIT_AS, bytes of address space per process.
    int64_t address_space_bytes;
    /// RLIMIT_NPROC: processes of the user (applies only to a user that is
    /// not root, hence uid below).
    int64_t max_processes;
    /// Run as this user and group (e.g. nobody), when started as root.
    int64_t uid;
    int64_t gid;
} witness_sandbox;

/// Starts `path` traced (unless `trace` is 0): in a new process group,
/// with stdin/stdout/stderr on the given descriptors, every other
/// descriptor closed, default signal handling, SIGKILL on the workbook's
/// death, and a seccomp filter that stops only writes to fds 1 and 2.
/// Must be called on the thread that will call witness_run.
/// Returns NULL and sets *error_errno on failure; *untraced_reason is set
/// (to an errno) when tracing was asked for but the kernel refused it.
/// With a non-NULL `sandbox`, its limits apply to the program; a limit the
/// child cannot apply makes the spawn fail (the error says which step:
/// *error_errno, with the step in *sandbox_step when that is not NULL).
witness *witness_spawn(const char *path, char *const argv[], char *const envp[],
                       int stdin_fd, int stdout_fd, int stderr_fd, int trace,
                       int64_t data_limit, const witness_sandbox *sandbox,
                       int *error_errno, int *untraced_reason, int *sandbox_step);

/// The pid of the started program.
pid_t witness_root(const witness *w);

/// Whether the run is being traced.
int witness_is_tracing(const witness *w);

/// Follows the run until the program has ended and every process it
/// started is gone (when the program ends, what is left is killed).
/// Returns the program's raw wait status.
int witness_run(witness *w);

/// Sends `signal` to the program's group and to every live traced process
/// (processes that left the group too). Safe from another thread.
void witness_signal_all(witness *w, int signal);

/// Copies the pids of processes still alive into `pids` (at most `capacity`);
/// returns how many were alive. Safe from another thread.
int witness_alive(witness *w, pid_t *pids, int capacity);

int witness_process_count(const witness *w);
const witness_process *witness_process_at(const witness *w, int index);
int witness_write_count(const witness *w);
const witness_write *witness_write_at(const witness *w, int index);
const uint8_t *witness_data(const witness *w);
/// Bytes written to fd 1 or 2 in ways the witness could not read (sendfile,
/// splice, or through a descriptor that is not the run's own pipe).
int64_t witness_opaque_bytes(const witness *w);

void witness_free(witness *w);

#endif
