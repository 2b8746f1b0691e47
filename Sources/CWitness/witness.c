// The witness: runs a program under ptrace and records, from what the
// kernel reports, every process of the run (birth, parent, exec, exit
// status, CPU time, name) and every write to its standard output and error
// with the pid that made it. The program cannot forge this record: it is
// built in the workbook from ptrace stops, not from anything the program
// writes.
//
// Only the system calls of interest stop the tracee: a seccomp filter,
// installed before exec and inherited by every descendant, returns
// SECCOMP_RET_TRACE for writes to fds 1 and 2 and allows everything else.
// Forks, clones, execs and exits are reported through ptrace options.

#define _GNU_SOURCE
#include "CWitness.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__aarch64__)
#include <elf.h>
#include <asm/ptrace.h>
#endif

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

enum { KIND_WRITE = 1, KIND_WRITEV = 2, KIND_OPAQUE = 3 };

typedef struct {
    pid_t tid;
    pid_t tgid;
    int fresh;         // its first SIGSTOP (the auto-attach stop) is still to come
    int in_syscall;    // a trapped write is under way: commit it at syscall exit
    int kind;
    int fd;
    int64_t offset;    // where its bytes were put in the data buffer
    int64_t length;    // bytes read at entry
    int64_t dropped;
} task;

struct witness {
    pid_t root;
    int tracing;
    int64_t t0;
    int64_t data_limit;
    char stdout_link[64];
    char stderr_link[64];

    pthread_mutex_t lock;  // guards processes (read from other threads)
    witness_process *processes;
    int process_count, process_capacity;

    task *tasks;
    int task_count, task_capacity;

    witness_write *writes;
    int write_count, write_capacity;

    uint8_t *data;
    int64_t data_length, data_capacity;
    int64_t opaque_bytes;
};

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t elapsed(const witness *w) { return now_ns() - w->t0; }

static void *grow(void *array, int *capacity, int needed, size_t size) {
    if (needed <= *capacity) return array;
    int next = *capacity ? *capacity * 2 : 64;
    while (next < needed) next *= 2;
    void *bigger = realloc(array, (size_t)next * size);
    if (!bigger) return NULL;
    *capacity = next;
    return bigger;
}

// MARK: tables

static task *find_task(witness *w, pid_t tid) {
    for (int i = w->task_count - 1; i >= 0; i--)
        if (w->tasks[i].tid == tid) return &w->tasks[i];
    return NULL;
}

static task *add_task(witness *w, pid_t tid, pid_t tgid, int fresh) {
    task *grown = grow(w->tasks, &w->task_capacity, w->task_count + 1, sizeof(task));
    if (!grown) return NULL;
    w->tasks = grown;
    task *t = &w->tasks[w->task_count++];
    memset(t, 0, sizeof *t);
    t->tid = tid;
    t->tgid = tgid;
    t->fresh = fresh;
    return t;
}

static void remove_task(witness *w, pid_t tid) {
    for (int i = 0; i < w->task_count; i++) {
        if (w->tasks[i].tid == tid) {
            w->tasks[i] = w->tasks[--w->task_count];
            return;
        }
    }
}

/// The live process with this pid (the latest, should a pid be reused).
static witness_process *find_process(witness *w, pid_t pid) {
    for (int i = w->process_count - 1; i >= 0; i--)
        if (w->processes[i].pid == pid && !w->processes[i].ended) return &w->processes[i];
    return NULL;
}

/// The latest record of `pid`, ended or not.
static witness_process *find_latest_process(witness *w, pid_t pid) {
    for (int i = w->process_count - 1; i >= 0; i--)
        if (w->processes[i].pid == pid) return &w->processes[i];
    return NULL;
}

static witness_process *add_process(witness *w, pid_t pid, pid_t parent, int64_t start) {
    pthread_mutex_lock(&w->lock);
    witness_process *grown = grow(w->processes, &w->process_capacity, w->process_count + 1, sizeof(witness_process));
    witness_process *p = NULL;
    if (grown) {
        w->processes = grown;
        p = &w->processes[w->process_count++];
        memset(p, 0, sizeof *p);
        p->pid = pid;
        p->parent = parent;
        p->start_ns = start;
        p->end_ns = -1;
    }
    pthread_mutex_unlock(&w->lock);
    return p;
}

// MARK: /proc

static int read_small_file(const char *path, char *buffer, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buffer, size - 1);
    close(fd);
    if (n < 0) return -1;
    buffer[n] = 0;
    return (int)n;
}

static pid_t tgid_of(pid_t tid) {
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    if (read_small_file(path, text, sizeof text) < 0) return tid;
    char *line = strstr(text, "\nTgid:");
    return line ? (pid_t)strtol(line + 6, NULL, 10) : tid;
}

static void read_comm(pid_t pid, char name[16]) {
    char path[64], text[64];
    snprintf(path, sizeof path, "/proc/%d/comm", pid);
    if (read_small_file(path, text, sizeof text) <= 0) return;
    text[strcspn(text, "\n")] = 0;
    text[15] = 0;
    memcpy(name, text, 16);
}

/// Nanoseconds the thread has spent on a CPU.
static int64_t thread_cpu_ns(pid_t tid) {
    char path[64], text[128];
    snprintf(path, sizeof path, "/proc/%d/schedstat", tid);
    if (read_small_file(path, text, sizeof text) > 0) return strtoll(text, NULL, 10);
    // Without schedstat: utime + stime in clock ticks, from stat.
    char stat_text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", tid);
    if (read_small_file(path, stat_text, sizeof stat_text) <= 0) return 0;
    char *close = strrchr(stat_text, ')');
    if (!close) return 0;
    long long utime = 0, stime = 0;
    // After ") " come fields 3..; utime and stime are fields 14 and 15.
    char *field = close + 2;
    for (int index = 3; index < 14 && field; index++) field = strchr(field, ' ') ? strchr(field, ' ') + 1 : NULL;
    if (field) sscanf(field, "%lld %lld", &utime, &stime);
    return (utime + stime) * (1000000000LL / sysconf(_SC_CLK_TCK));
}

static void fd_link(pid_t pid, int fd, char *out, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, fd);
    ssize_t n = readlink(path, out, size - 1);
    out[n > 0 ? n : 0] = 0;
}

// MARK: registers

typedef struct {
    unsigned long long nr, arg0, arg1, arg2, result;
} syscall_regs;

static int get_regs(pid_t tid, syscall_regs *out) {
#if defined(__x86_64__)
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) != 0) return -1;
    out->nr = regs.orig_rax;
    out->arg0 = regs.rdi;
    out->arg1 = regs.rsi;
    out->arg2 = regs.rdx;
    out->result = regs.rax;
    return 0;
#elif defined(__aarch64__)
    struct user_pt_regs regs;
    struct iovec io = {&regs, sizeof regs};
    if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &io) != 0) return -1;
    out->nr = regs.regs[8];
    out->arg0 = regs.regs[0];
    out->arg1 = regs.regs[1];
    out->arg2 = regs.regs[2];
    out->result = regs.regs[0];
    return 0;
#else
    (void)tid; (void)out;
    return -1;
#endif
}

// MARK: data

/// Copies `length` bytes at `remote` in the tracee into the data buffer,
/// as far as the limit allows; returns how many were kept.
static int64_t keep_bytes(witness *w, pid_t tid, unsigned long long remote, int64_t length) {
    int64_t room = w->data_limit - w->data_length;
    int64_t wanted = length < room ? length : room;
    if (wanted <= 0) return 0;
    if (w->data_length + wanted > w->data_capacity) {
        int64_t next = w->data_capacity ? w->data_capacity : 65536;
        while (next < w->data_length + wanted) next *= 2;
        uint8_t *bigger = realloc(w->data, (size_t)next);
        if (!bigger) return 0;
        w->data = bigger;
        w->data_capacity = next;
    }
    struct iovec local = {w->data + w->data_length, (size_t)wanted};
    struct iovec far = {(void *)(uintptr_t)remote, (size_t)wanted};
    ssize_t got = process_vm_readv(tid, &local, 1, &far, 1, 0);
    if (got <= 0) return 0;
    w->data_length += got;
    return got;
}

/// A trapped write has entered the kernel: read what it is about to write.
static void write_entered(witness *w, task *t, int kind) {
    syscall_regs regs;
    t->in_syscall = 0;
    if (get_regs(t->tid, &regs) != 0) return;
    int fd = (int)(regs.arg0 & 0xffffffff);
    if (kind == KIND_OPAQUE) {
        t->in_syscall = 1;
        t->kind = kind;
        return;
    }
    // A write to fd 1 or 2 that no longer leads to the run's pipe (the
    // program redirected it) is not output of the run.
    // Which of the run's pipes the descriptor leads to now decides the
    // stream (`echo x >&2` writes to fd 1 made a copy of fd 2); a
    // descriptor that leads elsewhere (redirected by the program) is not
    // output of the run.
    char link[64];
    fd_link(t->tid, fd, link, sizeof link);
    if (link[0] && strcmp(link, w->stdout_link) == 0) fd = 1;
    else if (link[0] && strcmp(link, w->stderr_link) == 0) fd = 2;
    else return;
    t->in_syscall = 1;
    t->kind = kind;
    t->fd = fd;
    t->offset = w->data_length;
    t->length = 0;
    t->dropped = 0;
    if (kind == KIND_WRITE) {
        int64_t count = (int64_t)regs.arg2;
        int64_t kept = keep_bytes(w, t->tid, regs.arg1, count);
        t->length = kept;
        t->dropped = count - kept;
    } else {
        int count = (int)regs.arg2;
        if (count <= 0 || count > 1024) return;
        struct iovec vectors[1024];
        struct iovec local = {vectors, sizeof(struct iovec) * (size_t)count};
        struct iovec far = {(void *)(uintptr_t)regs.arg1, sizeof(struct iovec) * (size_t)count};
        if (process_vm_readv(t->tid, &local, 1, &far, 1, 0) != (ssize_t)local.iov_len) return;
        for (int i = 0; i < count; i++) {
            int64_t kept = keep_bytes(w, t->tid, (uintptr_t)vectors[i].iov_base, (int64_t)vectors[i].iov_len);
            t->length += kept;
            t->dropped += (int64_t)vectors[i].iov_len - kept;
        }
    }
}

/// The write has returned: keep as many of its bytes as were written.
static void write_finished(witness *w, task *t, long long result) {
    if (!t->in_syscall) return;
    t->in_syscall = 0;
    if (t->kind == KIND_OPAQUE) {
        if (result > 0) w->opaque_bytes += result;
        return;
    }
    if (result <= 0) {
        // Nothing was written: forget the bytes (they are the last ones kept).
        if (t->offset + t->length == w->data_length) w->data_length = t->offset;
        return;
    }
    int64_t written = result;
    int64_t length = written < t->length ? written : t->length;
    int64_t dropped = written - length;
    witness_write *grown = grow(w->writes, &w->write_capacity, w->write_count + 1, sizeof(witness_write));
    if (!grown) return;
    w->writes = grown;
    w->writes[w->write_count++] = (witness_write){
        .pid = t->tgid, .fd = t->fd, .time_ns = elapsed(w), .offset = t->offset, .length = length,
        .dropped = dropped > 0 ? dropped : 0};
}

// MARK: spawning

static int install_filter(void) {
    static const struct { int nr; int arg; int kind; } rules[] = {
        {SYS_write, 0, KIND_WRITE},
        {SYS_writev, 0, KIND_WRITEV},
        {SYS_sendfile, 0, KIND_OPAQUE},
        {SYS_vmsplice, 0, KIND_OPAQUE},
        {SYS_splice, 2, KIND_OPAQUE},
        {SYS_tee, 1, KIND_OPAQUE},
        {SYS_copy_file_range, 2, KIND_OPAQUE},
        {SYS_pwritev2, 0, KIND_OPAQUE},
    };
    enum { RULES = sizeof rules / sizeof rules[0] };
    struct sock_filter program[3 + RULES * 6 + 1];
    int n = 0;
#if defined(__x86_64__)
    const unsigned arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
    const unsigned arch = AUDIT_ARCH_AARCH64;
#else
    return -1;
#endif
    program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    for (int i = 0; i < RULES; i++) {
        // Six instructions a rule: is it this call? is its fd argument 1 or 2?
        program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)rules[i].nr, 0, 4);
        program[n++] = (struct sock_filter)BPF_STMT(
            BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args) + 8 * rules[i].arg);
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 0);
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1);
        program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | (unsigned)rules[i].kind);
    }
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog fprog = {.len = (unsigned short)n, .filter = program};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog);
}

static void pipe_link(int fd, char *out, size_t size) {
    struct stat status;
    if (fstat(fd, &status) == 0 && S_ISFIFO(status.st_mode)) {
        snprintf(out, size, "pipe:[%lu]", (unsigned long)status.st_ino);
    } else {
        out[0] = 0;
    }
}

/// Applies a sandbox in the child (async-signal-safe calls only). Returns 0,
/// or the step that failed (1-based, in the order below) with errno set.
static int apply_sandbox(const witness_sandbox *box) {
    for (int i = 0; i < 2; i++) {
        if (!box->cgroup_procs[i]) continue;
        int fd = open(box->cgroup_procs[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0) return 1;
        ssize_t wrote = write(fd, "0", 1);
        close(fd);
        if (wrote != 1) return 1;
    }
    if (box->new_network && unshare(CLONE_NEWNET) != 0) return 2;
    if (box->working_directory && chdir(box->working_directory) != 0) return 3;
    struct rlimit limit;
    if (box->cpu_seconds >= 0) {
        limit.rlim_cur = (rlim_t)box->cpu_seconds;
        limit.rlim_max = (rlim_t)box->cpu_seconds + 1;
        if (setrlimit(RLIMIT_CPU, &limit) != 0) return 4;
    }
    if (box->address_space_bytes >= 0) {
        limit.rlim_cur = limit.rlim_max = (rlim_t)box->address_space_bytes;
        if (setrlimit(RLIMIT_AS, &limit) != 0) return 5;
    }
    if (box->max_processes >= 0) {
        limit.rlim_cur = limit.rlim_max = (rlim_t)box->max_processes;
        if (setrlimit(RLIMIT_NPROC, &limit) != 0) return 6;
    }
    if (box->gid >= 0) {
        gid_t group = (gid_t)box->gid;
        if (setgroups(1, &group) != 0 || setgid(group) != 0) return 7;
    }
    if (box->uid >= 0 && setuid((uid_t)box->uid) != 0) return 8;
    // setuid clears the parent-death signal; the program must still die with the workbook.
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    return 0;
}

witness *witness_spawn(const char *path, char *const argv[], char *const envp[],
                       int stdin_fd, int stdout_fd, int stderr_fd, int trace,
                       int64_t data_limit, const witness_sandbox *sandbox,
                       int *error_errno, int *untraced_reason, int *sandbox_step) {
    *error_errno = 0;
    *untraced_reason = 0;
    if (sandbox_step) *sandbox_step = 0;
    witness *w = calloc(1, sizeof *w);
    if (!w) { *error_errno = ENOMEM; return NULL; }
    pthread_mutex_init(&w->lock, NULL);
    w->data_limit = data_limit;
    pipe_link(stdout_fd, w->stdout_link, sizeof w->stdout_link);
    pipe_link(stderr_fd, w->stderr_link, sizeof w->stderr_link);

    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) { *error_errno = errno; free(w); return NULL; }
    w->t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0) {
        *error_errno = errno;
        close(status_pipe[0]); close(status_pipe[1]);
        free(w);
        return NULL;
    }
    if (pid == 0) {
        // The child: only async-signal-safe calls from here to exec.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        sigset_t none;
        sigemptyset(&none);
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
        }
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (stdin_fd >= 0) dup2(stdin_fd, 0);
        else {
            int null = open("/dev/null", O_RDONLY);
            if (null >= 0 && null != 0) { dup2(null, 0); close(null); }
        }
        dup2(stdout_fd, 1);
        dup2(stderr_fd, 2);
        // Nothing else the workbook has open reaches the program.
        if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
            for (int fd = 3; fd < 1024; fd++) if (fd != status_pipe[1]) close(fd);
        }
        if (sandbox) {
            int step = apply_sandbox(sandbox);
            if (step != 0) {
                char box_report[1 + 2 * sizeof(int)] = {'S'};
                int failure = errno;
                memcpy(box_report + 1, &failure, sizeof failure);
                memcpy(box_report + 1 + sizeof(int), &step, sizeof step);
                (void)!write(status_pipe[1], box_report, sizeof box_report);
                _exit(126);
            }
        }
        char report[1 + sizeof(int)] = {'U'};
        int reason = 0;
        if (trace) {
            if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) {
                reason = errno;
            } else if (install_filter() != 0) {
                reason = errno ? errno : ENOSYS;
                report[0] = 'F';  // traced, but without the filter: the parent lets go
            } else {
                report[0] = 'T';
            }
        }
        memcpy(report + 1, &reason, sizeof reason);
        (void)!write(status_pipe[1], report, sizeof report);
        raise(SIGSTOP);
        execve(path, argv, envp);
        int failure = errno;
        char exec_report[1 + sizeof(int)] = {'E'};
        memcpy(exec_report + 1, &failure, sizeof failure);
        (void)!write(status_pipe[1], exec_report, sizeof exec_report);
        _exit(127);
    }
    close(status_pipe[1]);
    w->root = pid;

    int status = 0;
    while (waitpid(pid, &status, WUNTRACED | __WALL) < 0 && errno == EINTR) {}
    char report[1 + sizeof(int)] = {0};
    ssize_t got = read(status_pipe[0], report, sizeof report);
    int reason = 0;
    if (got == (ssize_t)sizeof report) memcpy(&reason, report + 1, sizeof reason);
    if (got == (ssize_t)sizeof report && report[0] == 'S') {
        // The sandbox could not be applied: the child has exited (126).
        int step = 0;
        (void)!read(status_pipe[0], &step, sizeof step);
        close(status_pipe[0]);
        *error_errno = reason ? reason : EPERM;
        if (sandbox_step) *sandbox_step = step;
        if (!WIFEXITED(status) && !WIFSIGNALED(status)) {
            while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
        }
        witness_free(w);
        return NULL;
    }
    if (got == (ssize_t)sizeof report && report[0] == 'T') {
        long options = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
                       PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL;
        if (ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)options) == 0) {
            w->tracing = 1;
            ptrace(PTRACE_CONT, pid, 0, 0);
        } else {
            *untraced_reason = errno;
            ptrace(PTRACE_DETACH, pid, 0, 0);
        }
    } else if (got == (ssize_t)sizeof report && report[0] == 'F') {
        *untraced_reason = reason;
        ptrace(PTRACE_DETACH, pid, 0, 0);
    } else {
        if (trace) *untraced_reason = reason ? reason : EPERM;
        kill(pid, SIGCONT);
    }
    // End of file: the exec happened. 'E': it failed.
    char exec_report[1 + sizeof(int)] = {0};
    ssize_t exec_got;
    do { exec_got = read(status_pipe[0], exec_report, sizeof exec_report); } while (exec_got < 0 && errno == EINTR);
    close(status_pipe[0]);
    if (exec_got == (ssize_t)sizeof exec_report && exec_report[0] == 'E') {
        memcpy(error_errno, exec_report + 1, sizeof(int));
        // Let it run to its _exit and reap it. A traced child may not have
        // reached a stop yet (a detach then fails), and stops on its way
        // out (its exit event) until its tracer lets it go: left there, it
        // would wait for this process for ever, and anyone waiting for it
        // too. So every stop is let go until the child has ended (an
        // untraced child reports no stops).
        for (;;) {
            if (waitpid(pid, &status, __WALL) < 0) {
                if (errno == EINTR) continue;
                break;
            }
            if (WIFEXITED(status) || WIFSIGNALED(status)) break;
            ptrace(PTRACE_DETACH, pid, 0, 0);
        }
        witness_free(w);
        return NULL;
    }
    witness_process *root = add_process(w, pid, getpid(), 0);
    if (root) read_comm(pid, root->name);
    if (w->tracing) add_task(w, pid, pid, 0);
    return w;
}

// MARK: following the run

static void cont(pid_t tid, int signal) { ptrace(PTRACE_CONT, tid, 0, (void *)(long)signal); }

/// A task the witness has not seen before: a new thread or process that
/// reached its first stop before its creator's fork event did.
static task *adopt(witness *w, pid_t tid, pid_t creator_tgid, int fresh) {
    task *t = find_task(w, tid);
    if (t) return t;
    pid_t tgid = tgid_of(tid);
    t = add_task(w, tid, tgid, fresh);
    if (tgid == tid && !find_process(w, tid)) {
        pid_t parent = creator_tgid;
        if (parent <= 0) {
            char path[64], text[1024];
            snprintf(path, sizeof path, "/proc/%d/stat", tid);
            if (read_small_file(path, text, sizeof text) > 0) {
                char *close = strrchr(text, ')');
                if (close) sscanf(close + 2, "%*c %d", &parent);
            }
        }
        add_process(w, tid, parent, elapsed(w));
    }
    return t;
}

static void kill_leftovers(witness *w) {
    kill(-w->root, SIGKILL);
    pthread_mutex_lock(&w->lock);
    for (int i = 0; i < w->process_count; i++)
        if (!w->processes[i].ended) kill(w->processes[i].pid, SIGKILL);
    pthread_mutex_unlock(&w->lock);
}

static int untraced_run(witness *w) {
    int status = 0;
    while (waitpid(w->root, &status, 0) < 0) {
        if (errno != EINTR) { status = SIGKILL; break; }
    }
    pthread_mutex_lock(&w->lock);
    w->processes[0].ended = 1;
    w->processes[0].end_ns = elapsed(w);
    w->processes[0].wait_status = status;
    pthread_mutex_unlock(&w->lock);
    kill(-w->root, SIGKILL);
    return status;
}

int witness_run(witness *w) {
    if (!w->tracing) return untraced_run(w);
    int root_status = 0, root_done = 0;
    while (w->task_count > 0) {
        if (root_done && witness_alive(w, NULL, 0) == 0) break;
        int status = 0;
        pid_t tid = waitpid(-1, &status, __WALL);
        if (tid < 0) {
            if (errno == EINTR) continue;
            break;  // ECHILD: nobody left
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            task *t = find_task(w, tid);
            if (t && t->in_syscall) write_finished(w, t, t->length);
            pid_t tgid = t ? t->tgid : tid;
            if (t) remove_task(w, tid);
            if (tid == tgid) {
                pthread_mutex_lock(&w->lock);
                witness_process *p = find_process(w, tid);
                if (p) {
                    p->ended = 1;
                    p->end_ns = elapsed(w);
                    p->wait_status = status;
                }
                pthread_mutex_unlock(&w->lock);
            }
            if (tid == w->root) {
                root_status = status;
                root_done = 1;
                kill_leftovers(w);
            }
            continue;
        }
        if (!WIFSTOPPED(status)) continue;
        int signal = WSTOPSIG(status);
        int event = (unsigned)status >> 16;
        task *t = find_task(w, tid);
        if (!t) t = adopt(w, tid, 0, 1);
        if (!t) { cont(tid, 0); continue; }

        switch (event) {
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
        case PTRACE_EVENT_CLONE: {
            unsigned long born = 0;
            pid_t creator = t->tgid;
            if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &born) == 0) {
                task *child = find_task(w, (pid_t)born);
                witness_process *earlier = child ? NULL : find_latest_process(w, (pid_t)born);
                if (!child && earlier && earlier->ended) {
                    // The child stopped, ran and ended before its creator's
                    // event reached us (seen under heavy load): it is already
                    // recorded, and adopting it again would list it twice.
                    pthread_mutex_lock(&w->lock);
                    earlier->parent = creator;
                    pthread_mutex_unlock(&w->lock);
                } else if (!child) {
                    adopt(w, (pid_t)born, creator, 1);
                } else if (child->tgid == (pid_t)born) {
                    // It stopped first and was adopted with a guessed parent.
                    witness_process *p = find_process(w, (pid_t)born);
                    if (p) p->parent = creator;
                }
            }
            cont(tid, 0);
            break;
        }
        case PTRACE_EVENT_EXEC: {
            unsigned long former = 0;
            ptrace(PTRACE_GETEVENTMSG, tid, 0, &former);
            if ((pid_t)former != tid) {
                // A thread other than the leader exec'd: it took the leader's pid.
                remove_task(w, (pid_t)former);
            }
            witness_process *p = find_process(w, t->tgid);
            if (p) {
                p->execed = p->pid != w->root || p->execed;
                read_comm(t->tgid, p->name);
            }
            cont(tid, 0);
            break;
        }
        case PTRACE_EVENT_EXIT: {
            int64_t cpu = thread_cpu_ns(tid);
            pthread_mutex_lock(&w->lock);
            witness_process *p = find_process(w, t->tgid);
            if (p) {
                p->cpu_ns += cpu;
                if (tid == t->tgid) read_comm(tid, p->name);
            }
            pthread_mutex_unlock(&w->lock);
            cont(tid, 0);
            break;
        }
        case PTRACE_EVENT_SECCOMP: {
            unsigned long kind = 0;
            ptrace(PTRACE_GETEVENTMSG, tid, 0, &kind);
            write_entered(w, t, (int)kind);
            // Stop again when the call returns, to learn how much it wrote.
            if (t->in_syscall) ptrace(PTRACE_SYSCALL, tid, 0, 0);
            else cont(tid, 0);
            break;
        }
        default:
            if (signal == (SIGTRAP | 0x80)) {
                syscall_regs regs;
                long long result = get_regs(tid, &regs) == 0 ? (long long)regs.result : 0;
                write_finished(w, t, result);
                cont(tid, 0);
            } else if (signal == SIGSTOP && t->fresh) {
                t->fresh = 0;
                cont(tid, 0);
            } else {
                siginfo_t info;
                int group_stop = (signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU) &&
                                 ptrace(PTRACE_GETSIGINFO, tid, 0, &info) != 0;
                // A signal on its way to the tracee goes on to it; a group
                // stop is let go (the course never stops its examples).
                cont(tid, group_stop ? 0 : signal);
            }
            break;
        }
    }
    (void)root_done;
    return root_status;
}

// MARK: reading the record

void witness_signal_all(witness *w, int signal) {
    kill(-w->root, signal);
    pthread_mutex_lock(&w->lock);
    for (int i = 0; i < w->process_count; i++)
        if (!w->processes[i].ended) kill(w->processes[i].pid, signal);
    pthread_mutex_unlock(&w->lock);
}

int witness_alive(witness *w, pid_t *pids, int capacity) {
    int alive = 0;
    pthread_mutex_lock(&w->lock);
    for (int i = 0; i < w->process_count; i++) {
        if (w->processes[i].ended) continue;
        if (alive < capacity) pids[alive] = w->processes[i].pid;
        alive++;
    }
    pthread_mutex_unlock(&w->lock);
    return alive;
}

pid_t witness_root(const witness *w) { return w->root; }
int witness_is_tracing(const witness *w) { return w->tracing; }
int witness_process_count(const witness *w) { return w->process_count; }
const witness_process *witness_process_at(const witness *w, int index) { return &w->processes[index]; }
int witness_write_count(const witness *w) { return w->write_count; }
const witness_write *witness_write_at(const witness *w, int index) { return &w->writes[index]; }
const uint8_t *witness_data(const witness *w) { return w->data; }
int64_t witness_opaque_bytes(const witness *w) { return w->opaque_bytes; }

void witness_free(witness *w) {
    if (!w) return;
    pthread_mutex_destroy(&w->lock);
    free(w->processes);
    free(w->tasks);
    free(w->writes);
    free(w->data);
    free(w);
}
