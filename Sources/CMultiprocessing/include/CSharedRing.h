// A byte ring in shared memory carrying length-prefixed messages between
// processes: the storage of MP.Queue. Producers are serialised by one
// robust lock, consumers by another; both sides sleep on futexes only when
// they must, after a short spin.
#ifndef CSHAREDRING_H
#define CSHAREDRING_H

#include <stdint.h>

#include "CSharedSync.h"

// One cache line for settings, one written by producers, one by consumers,
// so the two sides do not fight over the same line on every message.
typedef struct {
    uint64_t capacity;        // bytes of ring data after the header
    uint32_t max_items;       // 0: no bound on the number of messages
    uint32_t broken;          // a process died in the middle of a message
    mp_shared_semaphore free_slots;  // used when max_items > 0
    uint32_t unfinished;      // JoinableQueue: put but not yet task_done
    uint32_t pad0[9];
    mp_shared_lock producer_lock;
    uint64_t head;            // bytes ever written
    uint64_t items_put;       // messages ever put
    uint32_t data_sequence;   // futex word consumers sleep on
    uint32_t data_waiters;
    uint32_t pad1[8];
    mp_shared_lock consumer_lock;
    uint64_t tail;            // bytes ever read
    uint64_t items_got;       // messages ever taken
    uint32_t space_sequence;  // futex word producers sleep on
    uint32_t space_waiters;
    uint32_t pad2[8];
} mp_ring;

/// About how many messages are in the ring.
uint64_t mp_ring_count(mp_ring *ring);

/// Bytes before the ring data (the header, rounded up to a page).
#define MP_RING_DATA_OFFSET 4096

enum {
    MP_RING_OK = 0,
    MP_RING_EMPTY = 1,     // get gave up: nothing arrived in time
    MP_RING_FULL = 2,      // put gave up: no room (or no free slot) in time
    MP_RING_BROKEN = 3,    // a process died half-way through a message
};

/// Prepares a zero-filled ring of `capacity` data bytes.
void mp_ring_initialize(mp_ring *ring, uint64_t capacity, uint32_t max_items);

/// Puts one message. `timeout` in seconds: negative waits for ever, 0 only
/// tries. `spin` is how long to poll before sleeping (seconds).
int mp_ring_put(mp_ring *ring, const void *bytes, uint32_t length, double timeout, double spin);

/// Starts taking one message: takes the consumer lock and reads its length.
/// On MP_RING_OK the caller must call mp_ring_get_payload and then
/// mp_ring_get_finish.
int mp_ring_get_start(mp_ring *ring, uint32_t *length, double timeout, double spin);
/// Copies the message's payload into `destination` (waiting for the rest of
/// a message that is still being written).
int mp_ring_get_payload(mp_ring *ring, void *destination, uint32_t length, double spin);
/// Ends the get begun by mp_ring_get_start.
void mp_ring_get_finish(mp_ring *ring);

#endif
