// Process-shared synchronisation primitives on Linux futexes, placed in
// shared memory by the Multiprocessing core (MP.Lock, MP.RLock,
// MP.Semaphore, MP.Event, MP.Condition, MP.Barrier).
#ifndef CSHAREDSYNC_H
#define CSHAREDSYNC_H

#include <stdint.h>

/// A lock word in shared memory: 0 when free, otherwise the pid of the
/// process that holds it. Any process may release it (Python's Lock); a
/// waiter that finds the holder dead takes the lock over and is told so.
typedef struct {
    uint32_t owner;    // pid of the holder, 0 when free
    uint32_t waiters;  // processes sleeping on `owner`
} mp_shared_lock;

/// Result codes of the functions below.
enum {
    MP_SYNC_OK = 0,
    MP_SYNC_TIMED_OUT = 1,
    MP_SYNC_ABANDONED = 2,   // acquired, but the previous holder had died holding it
    MP_SYNC_NOT_HELD = 3,    // release of a lock nobody holds
    MP_SYNC_OVERFLOW = 4,    // semaphore release above its bound
};

/// Acquires; `timeout` in seconds, negative waits for ever, 0 only tries.
int mp_shared_lock_acquire(mp_shared_lock *lock, double timeout);
/// Releases; MP_SYNC_NOT_HELD when the lock was free.
int mp_shared_lock_release(mp_shared_lock *lock);
/// The holder's pid, or 0.
uint32_t mp_shared_lock_owner(const mp_shared_lock *lock);

/// A re-entrant lock: the underlying lock, the thread holding it (a
/// system-wide thread id) and how many times it acquired it.
typedef struct {
    mp_shared_lock lock;
    uint32_t owner_thread;
    uint32_t depth;
} mp_recursive_lock;

enum { MP_SYNC_NOT_OWNER = 5 };  // release by a thread that does not hold it

/// Acquires (again, when the calling thread holds it already).
int mp_recursive_lock_acquire(mp_recursive_lock *lock, double timeout);
/// Releases one level: MP_SYNC_NOT_HELD when free, MP_SYNC_NOT_OWNER when another thread holds it.
int mp_recursive_lock_release(mp_recursive_lock *lock);
/// Whether the calling thread holds it.
int mp_recursive_lock_is_mine(const mp_recursive_lock *lock);

/// A counting semaphore in shared memory.
typedef struct {
    uint32_t value;
    uint32_t waiters;
} mp_shared_semaphore;

int mp_shared_semaphore_acquire(mp_shared_semaphore *semaphore, double timeout);
/// Adds one; with `bound` > 0 refuses (MP_SYNC_OVERFLOW) to go above it.
int mp_shared_semaphore_release(mp_shared_semaphore *semaphore, uint32_t bound);
uint32_t mp_shared_semaphore_value(const mp_shared_semaphore *semaphore);

/// A 32-bit word processes can sleep on until it changes.
/// Sleeps while `*word == expected`, up to `timeout` seconds (negative: for
/// ever). Returns MP_SYNC_OK when woken or the word differs, else MP_SYNC_TIMED_OUT.
int mp_shared_word_wait(uint32_t *word, uint32_t expected, double timeout);
/// Wakes up to `count` sleepers on `word` (INT32_MAX for all).
void mp_shared_word_wake(uint32_t *word, int count);
/// Atomic helpers for Swift.
uint32_t mp_atomic_load32(const uint32_t *word);
void mp_atomic_store32(uint32_t *word, uint32_t value);
uint32_t mp_atomic_add32(uint32_t *word, uint32_t delta);  // returns the new value
/// Compare-and-swap; returns 1 and stores `desired` when `*word == *expected`,
/// otherwise 0 with the current value in `*expected`.
int mp_atomic_compare_exchange32(uint32_t *word, uint32_t *expected, uint32_t desired);
uint64_t mp_atomic_load64(const uint64_t *word);
void mp_atomic_store64(uint64_t *word, uint64_t value);

/// The calling thread's system-wide id (gettid), cached per thread and
/// forgotten at fork.
uint32_t mp_thread_id(void);

/// getpid(), cached and forgotten at fork.
uint32_t mp_process_id(void);

/// Whether process `pid` has ended (gone, or a zombie nobody reaped yet).
int mp_process_has_ended(uint32_t pid);

#endif
