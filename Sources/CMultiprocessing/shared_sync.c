#define _GNU_SOURCE
#include "CSharedSync.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// Futex calls without FUTEX_PRIVATE_FLAG: the words live in memory shared
// between processes.
static int futex_wait(uint32_t *word, uint32_t expected, const struct timespec *relative) {
    return (int)syscall(SYS_futex, word, FUTEX_WAIT, expected, relative, NULL, 0);
}

static void futex_wake(uint32_t *word, int count) {
    syscall(SYS_futex, word, FUTEX_WAKE, count, NULL, NULL, 0);
}

static double monotonic_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static struct timespec seconds_to_timespec(double seconds) {
    if (seconds < 0) seconds = 0;
    struct timespec spec;
    spec.tv_sec = (time_t)seconds;
    spec.tv_nsec = (long)((seconds - (double)spec.tv_sec) * 1e9);
    if (spec.tv_nsec >= 1000000000L) { spec.tv_sec += 1; spec.tv_nsec -= 1000000000L; }
    return spec;
}

// For a wait until `deadline` (negative: none): fills `*relative` and points
// `*wait_for` at it (or at NULL for no deadline); false once it has passed.
static int time_left(double deadline, struct timespec *relative, struct timespec **wait_for) {
    *wait_for = NULL;
    if (deadline < 0) return 1;
    double left = deadline - monotonic_now();
    if (left <= 0) return 0;
    *relative = seconds_to_timespec(left);
    *wait_for = relative;
    return 1;
}

// glibc no longer caches getpid(), and a lock records its holder's pid on
// every acquire; so the pid is cached here and forgotten in a fork child.
static uint32_t cached_pid;

static __thread uint32_t cached_thread_id;

// Runs in the child of fork(), on its only thread.
static void forget_cached_pid(void) {
    __atomic_store_n(&cached_pid, 0, __ATOMIC_RELAXED);
    cached_thread_id = 0;
}

__attribute__((constructor)) static void register_fork_handler(void) {
    pthread_atfork(NULL, NULL, forget_cached_pid);
}

static uint32_t current_pid(void) {
    uint32_t pid = __atomic_load_n(&cached_pid, __ATOMIC_RELAXED);
    if (pid == 0) {
        pid = (uint32_t)getpid();
        __atomic_store_n(&cached_pid, pid, __ATOMIC_RELAXED);
    }
    return pid;
}

// How long a waiter sleeps before it checks whether the holder still lives.
#define MP_LIVENESS_SLICE 0.05

int mp_process_has_ended(uint32_t pid) {
    if (pid == 0) return 1;
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) return 1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%u/stat", pid);
    FILE *file = fopen(path, "re");
    if (!file) return 1;
    char buffer[512];
    size_t n = fread(buffer, 1, sizeof buffer - 1, file);
    fclose(file);
    buffer[n] = 0;
    char *close = NULL;
    for (char *p = buffer; *p; p++) if (*p == ')') close = p;
    return close && close[1] == ' ' && (close[2] == 'Z' || close[2] == 'X');
}

int mp_shared_lock_acquire(mp_shared_lock *lock, double timeout) {
    uint32_t me = current_pid();
    uint32_t expected = 0;
    if (__atomic_compare_exchange_n(&lock->owner, &expected, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return MP_SYNC_OK;
    if (timeout == 0 && !mp_process_has_ended(expected)) return MP_SYNC_TIMED_OUT;
    double deadline = timeout < 0 ? -1 : monotonic_now() + timeout;
    for (;;) {
        uint32_t holder = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
        if (holder == 0) {
            expected = 0;
            if (__atomic_compare_exchange_n(&lock->owner, &expected, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return MP_SYNC_OK;
            continue;
        }
        if (mp_process_has_ended(holder)) {
            expected = holder;
            if (__atomic_compare_exchange_n(&lock->owner, &expected, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return MP_SYNC_ABANDONED;
            continue;
        }
        double slice = MP_LIVENESS_SLICE;
        if (deadline >= 0) {
            double left = deadline - monotonic_now();
            if (left <= 0) return MP_SYNC_TIMED_OUT;
            if (left < slice) slice = left;
        }
        struct timespec relative = seconds_to_timespec(slice);
        __atomic_add_fetch(&lock->waiters, 1, __ATOMIC_SEQ_CST);
        futex_wait(&lock->owner, holder, &relative);
        __atomic_sub_fetch(&lock->waiters, 1, __ATOMIC_SEQ_CST);
    }
}

int mp_shared_lock_release(mp_shared_lock *lock) {
    uint32_t holder = __atomic_exchange_n(&lock->owner, 0, __ATOMIC_RELEASE);
    if (holder == 0) return MP_SYNC_NOT_HELD;
    if (__atomic_load_n(&lock->waiters, __ATOMIC_SEQ_CST) > 0) futex_wake(&lock->owner, 1);
    return MP_SYNC_OK;
}

uint32_t mp_shared_lock_owner(const mp_shared_lock *lock) {
    return __atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE);
}

int mp_shared_semaphore_acquire(mp_shared_semaphore *semaphore, double timeout) {
    double deadline = timeout < 0 ? -1 : monotonic_now() + timeout;
    for (;;) {
        uint32_t value = __atomic_load_n(&semaphore->value, __ATOMIC_RELAXED);
        while (value > 0) {
            if (__atomic_compare_exchange_n(&semaphore->value, &value, value - 1, 0, __ATOMIC_ACQUIRE,
                                            __ATOMIC_RELAXED))
                return MP_SYNC_OK;
        }
        struct timespec relative, *wait_for = NULL;
        if (!time_left(deadline, &relative, &wait_for)) return MP_SYNC_TIMED_OUT;
        __atomic_add_fetch(&semaphore->waiters, 1, __ATOMIC_SEQ_CST);
        futex_wait(&semaphore->value, 0, wait_for);
        __atomic_sub_fetch(&semaphore->waiters, 1, __ATOMIC_SEQ_CST);
    }
}

int mp_shared_semaphore_release(mp_shared_semaphore *semaphore, uint32_t bound) {
    uint32_t value = __atomic_load_n(&semaphore->value, __ATOMIC_RELAXED);
    for (;;) {
        if (bound > 0 && value >= bound) return MP_SYNC_OVERFLOW;
        if (__atomic_compare_exchange_n(&semaphore->value, &value, value + 1, 0, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED))
            break;
    }
    if (__atomic_load_n(&semaphore->waiters, __ATOMIC_SEQ_CST) > 0) futex_wake(&semaphore->value, 1);
    return MP_SYNC_OK;
}

uint32_t mp_shared_semaphore_value(const mp_shared_semaphore *semaphore) {
    return __atomic_load_n(&semaphore->value, __ATOMIC_ACQUIRE);
}

int mp_shared_word_wait(uint32_t *word, uint32_t expected, double timeout) {
    double deadline = timeout < 0 ? -1 : monotonic_now() + timeout;
    while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == expected) {
        struct timespec relative, *wait_for = NULL;
        if (!time_left(deadline, &relative, &wait_for)) return MP_SYNC_TIMED_OUT;
        if (futex_wait(word, expected, wait_for) == 0) return MP_SYNC_OK;
    }
    return MP_SYNC_OK;
}

void mp_shared_word_wake(uint32_t *word, int count) { futex_wake(word, count); }

uint32_t mp_atomic_load32(const uint32_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }
void mp_atomic_store32(uint32_t *word, uint32_t value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }
uint32_t mp_atomic_add32(uint32_t *word, uint32_t delta) {
    return __atomic_add_fetch(word, delta, __ATOMIC_SEQ_CST);
}
uint64_t mp_atomic_load64(const uint64_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }
void mp_atomic_store64(uint64_t *word, uint64_t value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }

uint32_t mp_thread_id(void) {
    if (cached_thread_id == 0) cached_thread_id = (uint32_t)gettid();
    return cached_thread_id;
}

uint32_t mp_process_id(void) { return current_pid(); }

int mp_atomic_compare_exchange32(uint32_t *word, uint32_t *expected, uint32_t desired) {
    return __atomic_compare_exchange_n(word, expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

int mp_recursive_lock_is_mine(const mp_recursive_lock *lock) {
    return __atomic_load_n(&lock->lock.owner, __ATOMIC_ACQUIRE) == current_pid() &&
           __atomic_load_n(&lock->owner_thread, __ATOMIC_RELAXED) == mp_thread_id();
}

int mp_recursive_lock_acquire(mp_recursive_lock *lock, double timeout) {
    if (mp_recursive_lock_is_mine(lock)) {
        lock->depth += 1;
        return MP_SYNC_OK;
    }
    int result = mp_shared_lock_acquire(&lock->lock, timeout);
    if (result == MP_SYNC_OK || result == MP_SYNC_ABANDONED) {
        __atomic_store_n(&lock->owner_thread, mp_thread_id(), __ATOMIC_RELAXED);
        lock->depth = 1;
    }
    return result;
}

int mp_recursive_lock_release(mp_recursive_lock *lock) {
    if (!mp_recursive_lock_is_mine(lock))
        return __atomic_load_n(&lock->lock.owner, __ATOMIC_ACQUIRE) == 0 ? MP_SYNC_NOT_HELD : MP_SYNC_NOT_OWNER;
    if (--lock->depth == 0) {
        __atomic_store_n(&lock->owner_thread, 0, __ATOMIC_RELAXED);
        mp_shared_lock_release(&lock->lock);
    }
    return MP_SYNC_OK;
}
