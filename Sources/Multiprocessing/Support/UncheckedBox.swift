/// Carries a value across a concurrency boundary the compiler cannot see is
/// safe: for instance into a `Task` in a child process, where the thread
/// that made the box only waits for the task, so the value is never used
/// from two threads at once.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
