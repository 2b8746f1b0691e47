#if canImport(Glibc)
import Glibc
#endif

extension MP {
    /// A system call failed for a reason the library cannot turn into
    /// something more specific (out of processes, out of descriptors, ...).
    public struct SystemCallError: Error, CustomStringConvertible, Equatable, Sendable {
        /// The call that failed, such as `fork` or `pipe2`.
        public let call: String
        /// The `errno` value it left.
        public let code: Int32

        /// Creates the error for `call` failing with `code`.
        public init(call: String, code: Int32) {
            self.call = call
            self.code = code
        }

        public var description: String {
            "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}

/// Throws `MP.SystemCallError` for a call that returned -1, retrying on EINTR.
@discardableResult
func retryingOnInterrupt<Result: BinaryInteger>(_ call: String, _ body: () -> Result) throws -> Result {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw MP.SystemCallError(call: call, code: code)
    }
}
