#define _GNU_SOURCE
#include "CSharedRing.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static void sleep_on(uint32_t *word, uint32_t expected, double seconds) {
    struct timespec relative, *wait_for = NULL;
    if (seconds >= 0) {
        relative.tv_sec = (time_t)seconds;
        relative.tv_nsec = (long)((seconds - (double)relative.tv_sec) * 1e9);
        wait_for = &relative;
    }
    syscall(SYS_futex, word, FUTEX_WAIT, expected, wait_for, NULL, 0);
}

static void wake_all(uint32_t *word) {
    __atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static uint8_t *ring_data(mp_ring *ring) { return (uint8_t *)ring + MP_RING_DATA_OFFSET; }

static uint64_t used_bytes(mp_ring *ring) {
    return __atomic_load_n(&ring->head, __ATOMIC_SEQ_CST) - __atomic_load_n(&ring->tail, __ATOMIC_SEQ_CST);
}

void mp_ring_initialize(mp_ring *ring, uint64_t capacity, uint32_t max_items) {
    ring->capacity = capacity;
    ring->max_items = max_items;
    ring->free_slots.value = max_items;
}

// How long a waiter for the rest of a message sleeps before it checks that
// the process writing (or reading) it is still alive.
#define MP_RING_LIVENESS_SLICE 0.05

// Waits until `ready(ring, need)` holds. The waiter announces itself in
// `*waiters` before it last checks, and the other side bumps `*sequence`
// after it changes the ring, so no wake-up is lost. With `deadline` < 0 it
// waits for ever; `partner` (a lock) names the process whose death makes
// the wait hopeless (0: none to watch).
typedef int (*ring_condition)(mp_ring *ring, uint64_t need);

static int data_available(mp_ring *ring, uint64_t need) { return used_bytes(ring) >= need; }
static int space_available(mp_ring *ring, uint64_t need) { return ring->capacity - used_bytes(ring) >= need; }

static int wait_until(mp_ring *ring, ring_condition ready, uint64_t need, uint32_t *sequence, uint32_t *waiters,
                      double deadline, double spin, const mp_shared_lock *partner) {
    if (ready(ring, need)) return 1;
    if (spin > 0) {
        double spin_end = now_seconds() + spin;
        do {
            if (ready(ring, need)) return 1;
        } while (now_seconds() < spin_end);
    }
    for (;;) {
        __atomic_add_fetch(waiters, 1, __ATOMIC_SEQ_CST);
        uint32_t seen = __atomic_load_n(sequence, __ATOMIC_SEQ_CST);
        if (ready(ring, need)) {
            __atomic_sub_fetch(waiters, 1, __ATOMIC_SEQ_CST);
            return 1;
        }
        double slice = partner ? MP_RING_LIVENESS_SLICE : -1;
        if (deadline >= 0) {
            double left = deadline - now_seconds();
            if (left <= 0) {
                __atomic_sub_fetch(waiters, 1, __ATOMIC_SEQ_CST);
                return 0;
            }
            if (slice < 0 || left < slice) slice = left;
        }
        sleep_on(sequence, seen, slice);
        __atomic_sub_fetch(waiters, 1, __ATOMIC_SEQ_CST);
        if (partner) {
            uint32_t holder = mp_shared_lock_owner(partner);
            if (holder != 0 && mp_process_has_ended(holder) && !ready(ring, need)) {
                __atomic_store_n(&ring->broken, 1, __ATOMIC_SEQ_CST);
                return -1;
            }
        }
    }
}

static void copy_in(mp_ring *ring, uint64_t position, const uint8_t *bytes, uint64_t length) {
    uint64_t offset = position % ring->capacity;
    uint64_t first = ring->capacity - offset < length ? ring->capacity - offset : length;
    memcpy(ring_data(ring) + offset, bytes, first);
    if (first < length) memcpy(ring_data(ring), bytes + first, length - first);
}

static void copy_out(mp_ring *ring, uint64_t position, uint8_t *bytes, uint64_t length) {
    uint64_t offset = position % ring->capacity;
    uint64_t first = ring->capacity - offset < length ? ring->capacity - offset : length;
    memcpy(bytes, ring_data(ring) + offset, first);
    if (first < length) memcpy(bytes + first, ring_data(ring), length - first);
}

static void publish(mp_ring *ring, uint64_t count) {
    __atomic_add_fetch(&ring->head, count, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ring->data_waiters, __ATOMIC_SEQ_CST) > 0) wake_all(&ring->data_sequence);
}

static void consume(mp_ring *ring, uint64_t count) {
    __atomic_add_fetch(&ring->tail, count, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ring->space_waiters, __ATOMIC_SEQ_CST) > 0) wake_all(&ring->space_sequence);
}

// Writes `length` bytes, in pieces as room appears when they do not fit at once.
static int write_stream(mp_ring *ring, const uint8_t *bytes, uint64_t length, double spin) {
    while (length > 0) {
        if (wait_until(ring, space_available, 1, &ring->space_sequence, &ring->space_waiters, -1, spin,
                       &ring->consumer_lock) < 0)
            return MP_RING_BROKEN;
        uint64_t room = ring->capacity - used_bytes(ring);
        uint64_t piece = room < length ? room : length;
        copy_in(ring, __atomic_load_n(&ring->head, __ATOMIC_RELAXED), bytes, piece);
        publish(ring, piece);
        bytes += piece;
        length -= piece;
    }
    return MP_RING_OK;
}

static int read_stream(mp_ring *ring, uint8_t *bytes, uint64_t length, double spin) {
    while (length > 0) {
        if (wait_until(ring, data_available, 1, &ring->data_sequence, &ring->data_waiters, -1, spin,
                       &ring->producer_lock) < 0)
            return MP_RING_BROKEN;
        uint64_t ready = used_bytes(ring);
        uint64_t piece = ready < length ? ready : length;
        copy_out(ring, __atomic_load_n(&ring->tail, __ATOMIC_RELAXED), bytes, piece);
        consume(ring, piece);
        bytes += piece;
        length -= piece;
    }
    return MP_RING_OK;
}

static int acquire_side(mp_shared_lock *lock, mp_ring *ring, double timeout) {
    int result = mp_shared_lock_acquire(lock, timeout);
    if (result == MP_SYNC_ABANDONED) {
        // Its holder died, possibly half-way through a message: the byte
        // stream can no longer be trusted.
        __atomic_store_n(&ring->broken, 1, __ATOMIC_SEQ_CST);
        mp_shared_lock_release(lock);
        return MP_RING_BROKEN;
    }
    return result == MP_SYNC_OK ? MP_RING_OK : MP_RING_FULL;
}

int mp_ring_put(mp_ring *ring, const void *bytes, uint32_t length, double timeout, double spin) {
    if (__atomic_load_n(&ring->broken, __ATOMIC_SEQ_CST)) return MP_RING_BROKEN;
    double deadline = timeout < 0 ? -1 : now_seconds() + timeout;
    if (ring->max_items > 0 && mp_shared_semaphore_acquire(&ring->free_slots, timeout) != MP_SYNC_OK)
        return MP_RING_FULL;
    double left = deadline < 0 ? -1 : deadline - now_seconds();
    int locked = acquire_side(&ring->producer_lock, ring, left < 0 && deadline >= 0 ? 0 : left);
    if (locked != MP_RING_OK) {
        if (ring->max_items > 0) mp_shared_semaphore_release(&ring->free_slots, 0);
        return locked;
    }
    uint64_t total = 4 + (uint64_t)length;
    // A message that fits waits (up to the deadline) for room for all of it;
    // a longer one starts as soon as there is any room and streams through.
    uint64_t need = total <= ring->capacity ? total : 1;
    int room = wait_until(ring, space_available, need, &ring->space_sequence, &ring->space_waiters, deadline,
                          spin, NULL);
    int result;
    if (room <= 0) {
        result = room < 0 ? MP_RING_BROKEN : MP_RING_FULL;
        if (ring->max_items > 0) mp_shared_semaphore_release(&ring->free_slots, 0);
    } else if (total <= ring->capacity) {
        uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_RELAXED);
        copy_in(ring, head, (const uint8_t *)&length, 4);
        copy_in(ring, head + 4, bytes, length);
        __atomic_add_fetch(&ring->items_put, 1, __ATOMIC_RELAXED);
        publish(ring, total);
        result = MP_RING_OK;
    } else {
        __atomic_add_fetch(&ring->items_put, 1, __ATOMIC_RELAXED);
        result = write_stream(ring, (const uint8_t *)&length, 4, spin);
        if (result == MP_RING_OK) result = write_stream(ring, bytes, length, spin);
    }
    mp_shared_lock_release(&ring->producer_lock);
    return result;
}

int mp_ring_get_start(mp_ring *ring, uint32_t *length, double timeout, double spin) {
    if (__atomic_load_n(&ring->broken, __ATOMIC_SEQ_CST)) return MP_RING_BROKEN;
    double deadline = timeout < 0 ? -1 : now_seconds() + timeout;
    int locked = acquire_side(&ring->consumer_lock, ring, timeout);
    if (locked != MP_RING_OK) return locked == MP_RING_FULL ? MP_RING_EMPTY : locked;
    int ready = wait_until(ring, data_available, 4, &ring->data_sequence, &ring->data_waiters, deadline, spin,
                           NULL);
    if (ready <= 0) {
        mp_shared_lock_release(&ring->consumer_lock);
        return ready < 0 ? MP_RING_BROKEN : MP_RING_EMPTY;
    }
    copy_out(ring, __atomic_load_n(&ring->tail, __ATOMIC_RELAXED), (uint8_t *)length, 4);
    consume(ring, 4);
    return MP_RING_OK;
}

int mp_ring_get_payload(mp_ring *ring, void *destination, uint32_t length, double spin) {
    uint64_t tail = __atomic_load_n(&ring->tail, __ATOMIC_RELAXED);
    if (used_bytes(ring) >= length) {
        copy_out(ring, tail, destination, length);
        consume(ring, length);
        return MP_RING_OK;
    }
    return read_stream(ring, destination, length, spin);
}

void mp_ring_get_finish(mp_ring *ring) {
    __atomic_add_fetch(&ring->items_got, 1, __ATOMIC_RELAXED);
    if (ring->max_items > 0) mp_shared_semaphore_release(&ring->free_slots, 0);
    mp_shared_lock_release(&ring->consumer_lock);
}

uint64_t mp_ring_count(mp_ring *ring) {
    uint64_t got = __atomic_load_n(&ring->items_got, __ATOMIC_ACQUIRE);
    uint64_t put = __atomic_load_n(&ring->items_put, __ATOMIC_ACQUIRE);
    return put > got ? put - got : 0;
}

_Static_assert(sizeof(mp_ring) == 192, "one cache line per part of the ring header");
_Static_assert(__builtin_offsetof(mp_ring, producer_lock) == 64, "producer line");
_Static_assert(__builtin_offsetof(mp_ring, consumer_lock) == 128, "consumer line");
