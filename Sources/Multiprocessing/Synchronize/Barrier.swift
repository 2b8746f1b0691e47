import CMultiprocessing

/// Where a barrier is in its cycle.
enum BarrierPhase: UInt32 {
    /// Parties are arriving (the state a new barrier starts in: zero).
    case filling = 0
    /// The last party arrived; the others are leaving. Newcomers wait until
    /// all of them have left, so that one cycle never mixes with the next.
    case draining
    /// `reset()` was called while parties waited; they are leaving with
    /// `BrokenBarrierError`, then the barrier fills again.
    case resetting
    /// Broken until `reset()`.
    case broken
}

/// A barrier's state in shared memory. Changed only holding the barrier's
/// condition lock; `waitingCount` and `isBroken` read it atomically without.
struct BarrierState {
    /// Parties inside `wait()` in this cycle: arrived, waiting or leaving.
    var count: UInt32 = 0
    /// A `BarrierPhase`.
    var phase: UInt32 = 0
    /// A `BrokenBarrierError.Reason` once broken or resetting, else 0.
    var reason: UInt32 = 0
}

extension MP {
    /// A meeting point for a fixed number of processes: each `wait()` blocks
    /// until `parties` processes have called it, then all go on together.
    /// Python's `multiprocessing.Barrier`.
    ///
    /// ```swift
    /// let barrier = try MP.Barrier(parties: 3)
    /// // in each of the three processes, every round:
    /// let index = try barrier.wait()   // 0, 1 or 2: the order of arrival
    /// ```
    ///
    /// The barrier is used again for the next cycle at once. When the last
    /// party arrives, the `action` (if any) runs once, in that process,
    /// before anyone is released. A wait that times out, `abort()`, or an
    /// action that throws *breaks* the barrier: every waiter, and every later
    /// arrival, throws `BrokenBarrierError` until `reset()`.
    ///
    /// A process killed while inside `wait()` is never counted out, and the
    /// barrier cannot complete a cycle again: give waits a timeout when a
    /// party may die.
    public final class Barrier: @unchecked Sendable, Codable {
        /// How many processes each cycle waits for.
        public let parties: Int
        /// The timeout of a `wait()` that gives none (nil: no limit).
        public let timeout: Double?
        private let action: (any BarrierAction.Type)?
        private let condition: Condition
        let region: SharedRegion
        private var state: UnsafeMutablePointer<BarrierState> { region.pointer(as: BarrierState.self) }

        /// Creates a barrier for `parties` processes (at least 1).
        ///
        /// - Parameters:
        ///   - action: a top-level type run once per cycle by the last process
        ///     to arrive, before the others are released.
        ///   - timeout: the default for `wait(timeout:)`.
        public init(parties: Int, action: (any BarrierAction.Type)? = nil, timeout: Double? = nil) throws {
            guard parties >= 1 && parties <= Int(Int32.max) else { throw SynchronizeError.invalidParties(parties) }
            if let action, !BarrierActionLookup.isFindable(action) {
                throw SynchronizeError.actionNotFindable(String(reflecting: action))
            }
            self.parties = parties
            self.action = action
            self.timeout = timeout
            condition = try Condition(lock: Lock())
            region = try SharedRegion(size: MemoryLayout<BarrierState>.size, name: "mp-barrier")
        }

        /// Waits until all `parties` have arrived, for at most `timeout`
        /// seconds (nil: the barrier's own timeout). The time limit covers
        /// the whole call, including waiting for the previous cycle to empty.
        ///
        /// Returns the order of arrival in this cycle, from 0 to `parties - 1`:
        /// exactly one party gets 0, the first to arrive. The last to arrive
        /// gets `parties - 1` and runs the action.
        ///
        /// Throws `BrokenBarrierError` when the barrier is broken or breaks
        /// meanwhile (a timeout here breaks it for everyone), or is reset while
        /// waiting. The process that runs a throwing action gets the action's
        /// own error.
        @discardableResult
        public func wait(timeout: Double? = nil) throws -> Int {
            let deadline = Deadline(timeout: timeout ?? self.timeout)
            return try condition.withLock {
                try waitUntilFilling(deadline)
                let index = Int(state.pointee.count)
                state.pointee.count += 1
                let outcome = Result {
                    if index + 1 == parties {
                        try releaseEveryone()
                    } else {
                        try waitForRelease(deadline)
                    }
                }
                state.pointee.count -= 1
                try leave()
                try outcome.get()
                return index
            }
        }

        /// Breaks the barrier: every waiter, and every later `wait()`, throws
        /// `BrokenBarrierError` until `reset()`. Use it when a party cannot come.
        public func abort() throws {
            try condition.withLock { try breakBarrier(.aborted) }
        }

        /// Makes the barrier usable again. Processes waiting at it right now
        /// throw `BrokenBarrierError` (reason `.reset`).
        public func reset() throws {
            try condition.withLock {
                if state.pointee.count > 0 {
                    if phase == .filling || phase == .broken {
                        set(.resetting, reason: .reset)
                    }
                    // While draining, the leavers finish the cycle normally and
                    // the last of them makes the barrier fill again.
                } else {
                    set(.filling, reason: nil)
                }
                try condition.notifyAll()
            }
        }

        /// How many parties are waiting for the current cycle to complete.
        public var waitingCount: Int {
            let phase = BarrierPhase(rawValue: mp_atomic_load32(&state.pointee.phase))
            return phase == .filling ? Int(mp_atomic_load32(&state.pointee.count)) : 0
        }

        /// Whether the barrier is broken (until `reset()`).
        public var isBroken: Bool {
            mp_atomic_load32(&state.pointee.phase) == BarrierPhase.broken.rawValue
        }

        // The steps below run holding the condition's lock.

        private var phase: BarrierPhase {
            BarrierPhase(rawValue: state.pointee.phase) ?? .broken
        }

        private var brokenError: BrokenBarrierError {
            BrokenBarrierError(reason: BrokenBarrierError.Reason(rawValue: state.pointee.reason) ?? .aborted)
        }

        private func set(_ phase: BarrierPhase, reason: BrokenBarrierError.Reason?) {
            state.pointee.reason = reason?.rawValue ?? 0
            mp_atomic_store32(&state.pointee.phase, phase.rawValue)
        }

        /// Waits while the previous cycle empties (or a reset completes).
        private func waitUntilFilling(_ deadline: Deadline) throws {
            let settled = try condition.wait(
                for: { phase != .draining && phase != .resetting }, timeout: deadline.remaining)
            if !settled {
                try breakBarrier(.timedOut)
                throw BrokenBarrierError(reason: .timedOut)
            }
            if phase == .broken { throw brokenError }
        }

        private func releaseEveryone() throws {
            do {
                try action?.run()
            } catch {
                try breakBarrier(.actionFailed)
                throw error
            }
            set(.draining, reason: nil)
            try condition.notifyAll()
        }

        private func waitForRelease(_ deadline: Deadline) throws {
            let released = try condition.wait(for: { phase != .filling }, timeout: deadline.remaining)
            if !released {
                try breakBarrier(.timedOut)
                throw BrokenBarrierError(reason: .timedOut)
            }
            if phase == .broken || phase == .resetting { throw brokenError }
        }

        /// The last party of a draining or resetting cycle to leave makes the
        /// barrier fill again and wakes the newcomers waiting for that.
        private func leave() throws {
            guard state.pointee.count == 0, phase == .draining || phase == .resetting else { return }
            set(.filling, reason: nil)
            try condition.notifyAll()
        }

        private func breakBarrier(_ reason: BrokenBarrierError.Reason) throws {
            set(.broken, reason: reason)
            try condition.notifyAll()
        }

        private enum CodingKeys: String, CodingKey {
            case region, condition, parties, timeout, action, actionName
        }

        /// Hands the barrier to a child process.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(SharedRegionHandle(region, for: encoder), forKey: .region)
            try container.encode(condition, forKey: .condition)
            try container.encode(parties, forKey: .parties)
            try container.encodeIfPresent(timeout, forKey: .timeout)
            if let action {
                try container.encode(BarrierActionLookup.name(of: action), forKey: .action)
                try container.encode(String(reflecting: action), forKey: .actionName)
            }
        }

        /// Receives the barrier in a child process.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let name = try container.decodeIfPresent(String.self, forKey: .action) {
                guard let found = BarrierActionLookup.action(named: name) else {
                    let readable = try container.decodeIfPresent(String.self, forKey: .actionName) ?? name
                    throw DecodingError.dataCorruptedError(
                        forKey: .action, in: container,
                        debugDescription: "the barrier action \(readable) is not a BarrierAction in this program")
                }
                action = found
            } else {
                action = nil
            }
            region = try container.decode(SharedRegionHandle.self, forKey: .region).attach(for: decoder)
            condition = try container.decode(Condition.self, forKey: .condition)
            parties = try container.decode(Int.self, forKey: .parties)
            timeout = try container.decodeIfPresent(Double.self, forKey: .timeout)
        }
    }
}
