#define _GNU_SOURCE
#include "CMultiprocessing.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int mp_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0); }

int mp_set_process_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }

int mp_set_child_subreaper(int on) { return prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0); }

int mp_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int mp_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}

int mp_close_from(int first) {
    if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0) return 0;
    // Kernels before 5.9 lack close_range: fall back to the descriptor limit.
    long limit = sysconf(_SC_OPEN_MAX);
    for (long fd = first; fd < limit; fd++) close((int)fd);
    return 0;
}

int mp_spawn_file_actions_add_close_from(posix_spawn_file_actions_t *actions, int first) {
    return posix_spawn_file_actions_addclosefrom_np(actions, first);
}

int mp_exit_code_from_wait_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return INT32_MIN;
}

#define MP_MAX_DESCRIPTORS 64

ssize_t mp_send_with_descriptors(int socket, const void *bytes, size_t length,
                                 const int *descriptors, int count) {
    if (count < 0 || count > MP_MAX_DESCRIPTORS) { errno = EINVAL; return -1; }
    struct iovec io = {.iov_base = (void *)bytes, .iov_len = length};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * MP_MAX_DESCRIPTORS)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1};
    if (count > 0) {
        message.msg_control = control.buffer;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), descriptors, sizeof(int) * count);
    }
    ssize_t sent;
    do { sent = sendmsg(socket, &message, MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    return sent;
}

ssize_t mp_receive_with_descriptors(int socket, void *bytes, size_t length,
                                    int *descriptors, int capacity, int *received) {
    *received = 0;
    struct iovec io = {.iov_base = bytes, .iov_len = length};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * MP_MAX_DESCRIPTORS)];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1,
                             .msg_control = control.buffer, .msg_controllen = sizeof control.buffer};
    ssize_t got;
    do { got = recvmsg(socket, &message, MSG_CMSG_CLOEXEC); } while (got < 0 && errno == EINTR);
    if (got < 0) return got;
    int overflow = (message.msg_flags & MSG_CTRUNC) != 0;
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&message); h != NULL; h = CMSG_NXTHDR(&message, h)) {
        if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) continue;
        int n = (int)((h->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *incoming = (int *)CMSG_DATA(h);
        for (int i = 0; i < n; i++) {
            if (*received < capacity) descriptors[(*received)++] = incoming[i];
            else { close(incoming[i]); overflow = 1; }
        }
    }
    if (overflow) {
        for (int i = 0; i < *received; i++) close(descriptors[i]);
        *received = 0;
        errno = EMSGSIZE;
        return -1;
    }
    return got;
}

int mp_thread_count(void) {
    FILE *f = fopen("/proc/self/stat", "re");
    if (!f) return -1;
    char buffer[1024];
    size_t n = fread(buffer, 1, sizeof buffer - 1, f);
    fclose(f);
    buffer[n] = 0;
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    char *p = strrchr(buffer, ')');
    if (!p) return -1;
    p += 2;  // skip ") "
    // Field 3 is the state; num_threads is field 20, so skip 17 more fields.
    for (int field = 3; field < 20 && p; field++) {
        p = strchr(p, ' ');
        if (p) p++;
    }
    return p ? atoi(p) : -1;
}

int mp_usable_cpu_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

int mp_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int mp_child_signal_descriptor(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

void mp_unblock_child_signal(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

void mp_drain_signal_descriptor(int descriptor) {
    struct signalfd_siginfo info;
    while (read(descriptor, &info, sizeof info) > 0) {}
}

void mp_write_standard_error(const char *text) {
    size_t left = strlen(text);
    while (left > 0) {
        ssize_t n = write(2, text, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        text += n;
        left -= (size_t)n;
    }
}

int mp_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int mp_accept_cloexec(int listener) { return accept4(listener, NULL, NULL, SOCK_CLOEXEC); }
