#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

extension MP {
    /// One end of a pipe: sends and receives whole messages.
    ///
    /// Each `send` is one message and each `recv` returns exactly one message:
    /// messages never merge or split, and an empty message is a message. A
    /// connection is safe to use from several threads of one process (sends
    /// do not interleave with each other, nor do receives), but two processes
    /// writing to the same end at the same time can corrupt each other's
    /// messages: give each writer its own pipe, or guard the end with a lock.
    ///
    /// A connection can be handed to a child process as (part of) a target's
    /// argument under every start method.
    public final class Connection: @unchecked Sendable, Codable, Waitable {
        /// The default limit for one incoming message: 1 GiB.
        public static let defaultMaxMessageLength = 1 << 30

        private let readDescriptor: Int32
        private let writeDescriptor: Int32
        private let sendLock = ThreadLock()
        private let receiveLock = ThreadLock()
        private let state = Locked(false)  // closed?

        /// How values are encoded on this connection; both ends must agree.
        public let coding: WireCoding

        /// Incoming messages longer than this many bytes are refused with
        /// `ConnectionError.messageTooLong` instead of being allocated.
        public let maxMessageLength: Int

        init(readDescriptor: Int32, writeDescriptor: Int32, coding: WireCoding = .binary,
             maxMessageLength: Int = Connection.defaultMaxMessageLength) {
            self.readDescriptor = readDescriptor
            self.writeDescriptor = writeDescriptor
            self.coding = coding
            self.maxMessageLength = maxMessageLength
            OpenConnections.add(readDescriptor, writeDescriptor)
        }

        deinit {
            if !state.withLock({ $0 }) { closeDescriptors() }
        }

        /// Whether this end can receive (false for the sending end of a one-way pipe).
        public var readable: Bool { readDescriptor >= 0 }
        /// Whether this end can send (false for the receiving end of a one-way pipe).
        public var writable: Bool { writeDescriptor >= 0 }
        /// Whether `close()` was called.
        public var isClosed: Bool { state.withLock { $0 } }

        // MARK: Sending

        /// Encodes `value` and sends it as one message.
        public func send<Value: Encodable>(_ value: Value) throws {
            let payload = try coding.encode(value)
            try payload.withUnsafeBytes { try sendPayload($0) }
        }

        /// Sends `bytes` unchanged as one message (`recvBytes` receives it).
        public func sendBytes(_ bytes: UnsafeRawBufferPointer) throws {
            try sendPayload(bytes)
        }

        /// Sends `bytes` unchanged as one message (`recvBytes` receives it).
        public func sendBytes(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try sendPayload($0) }
        }

        /// Sends the bytes of `data` unchanged as one message.
        public func sendBytes(_ data: Data) throws {
            try data.withUnsafeBytes { try sendPayload($0) }
        }

        private func sendPayload(_ payload: UnsafeRawBufferPointer) throws {
            let descriptor = try usableDescriptor(forReading: false)
            try sendLock.withLock {
                do {
                    try Framing.writeFrame(descriptor, payload)
                } catch let error as MP.SystemCallError where error.code == EPIPE || error.code == ECONNRESET {
                    throw ConnectionError.brokenPipe
                }
            }
        }

        // MARK: Receiving

        /// Receives one message and decodes it as `type`.
        ///
        /// Throws `EOFError` when the other end was closed and every message
        /// has been read, and `ConnectionError.undecodable` when the message
        /// is not a `type`.
        public func recv<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
            try receivePayload(limit: maxMessageLength) { payload in
                try coding.decode(type, from: payload)
            }
        }

        /// Receives one message as raw bytes. A message longer than
        /// `maxLength` (default: `maxMessageLength`) is dropped unread and
        /// reported as `ConnectionError.messageTooLong`.
        public func recvBytes(maxLength: Int? = nil) throws -> [UInt8] {
            try receiveMessage(limit: maxLength ?? maxMessageLength) { descriptor, length in
                try [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                    try Connection.readPayload(descriptor, into: UnsafeMutableRawBufferPointer(buffer))
                    count = length
                }
            }
        }

        private func receivePayload<Result>(limit: Int, _ use: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
            try receiveMessage(limit: limit) { descriptor, length in
                try withUnsafeTemporaryAllocation(byteCount: max(length, 1), alignment: 16) { buffer in
                    let payload = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length])
                    try Connection.readPayload(descriptor, into: payload)
                    return try use(UnsafeRawBufferPointer(payload))
                }
            }
        }

        /// Reads one length prefix and hands the payload's length to `read`,
        /// which must consume exactly that many bytes.
        private func receiveMessage<Result>(limit: Int, _ read: (Int32, Int) throws -> Result) throws -> Result {
            let descriptor = try usableDescriptor(forReading: true)
            return try receiveLock.withLock {
                BriefSpin.waitReadable(descriptor)
                guard let length = try Framing.readLength(descriptor) else { throw EOFError() }
                if length > limit {
                    try Framing.discard(descriptor, length: length)
                    throw ConnectionError.messageTooLong(length: length, limit: limit)
                }
                return try read(descriptor, length)
            }
        }

        private static func readPayload(_ descriptor: Int32, into payload: UnsafeMutableRawBufferPointer) throws {
            guard try Descriptors.readExactly(descriptor, into: payload) || payload.isEmpty else {
                throw EOFError(midMessage: true)
            }
        }

        /// Whether a message (or the end of file) is ready to receive.
        /// A timeout of zero (the default) only looks; nil waits for ever.
        public func poll(timeout: Double? = 0) throws -> Bool {
            let descriptor = try usableDescriptor(forReading: true)
            return try Descriptors.waitReadable(descriptor, timeout: timeout)
        }

        // MARK: Closing

        /// Closes this end. The other end then sees the end of file once it
        /// has read everything sent before. Closing twice does nothing.
        public func close() {
            let wasOpen = state.withLock { closed in
                defer { closed = true }
                return !closed
            }
            if wasOpen { closeDescriptors() }
        }

        private func closeDescriptors() {
            OpenConnections.remove(readDescriptor, writeDescriptor)
            if readDescriptor >= 0 { Descriptors.close(readDescriptor) }
            if writeDescriptor >= 0 && writeDescriptor != readDescriptor { Descriptors.close(writeDescriptor) }
        }

        /// The descriptor `MP.wait` watches: readable when a message or the end of file is waiting.
        public var waitDescriptor: Int32 {
            get throws { try usableDescriptor(forReading: true) }
        }

        private func usableDescriptor(forReading: Bool) throws -> Int32 {
            if state.withLock({ $0 }) { throw ConnectionError.closed }
            if forReading {
                guard readDescriptor >= 0 else { throw ConnectionError.notReadable }
                return readDescriptor
            }
            guard writeDescriptor >= 0 else { throw ConnectionError.notWritable }
            return writeDescriptor
        }

        // MARK: Handing to a child process

        private enum CodingKeys: String, CodingKey {
            case read, write, coding, maxMessageLength
        }

        /// Encodes the connection for a child process. This only works while
        /// a process's argument is being prepared for `start()`; a connection
        /// cannot be saved to a file or sent as a message.
        public func encode(to encoder: any Encoder) throws {
            guard let handover = encoder.userInfo[DescriptorHandover.key] as? DescriptorHandover else {
                throw EncodingError.invalidValue(self, .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "an MP.Connection can only be handed to a child process as part of its argument"))
            }
            if state.withLock({ $0 }) { throw ConnectionError.closed }
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(readDescriptor >= 0 ? handover.register(readDescriptor) : -1, forKey: .read)
            try container.encode(writeDescriptor >= 0 ? handover.register(writeDescriptor) : -1, forKey: .write)
            try container.encode(coding, forKey: .coding)
            try container.encode(maxMessageLength, forKey: .maxMessageLength)
        }

        /// Rebuilds a connection in the child from the descriptors it was handed.
        public convenience init(from decoder: any Decoder) throws {
            guard let table = decoder.userInfo[DescriptorTable.key] as? DescriptorTable else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an MP.Connection can only be received as part of a child process's argument"))
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let read = try container.decode(Int.self, forKey: .read)
            let write = try container.decode(Int.self, forKey: .write)
            self.init(
                readDescriptor: read >= 0 ? try table.descriptor(at: read) : -1,
                writeDescriptor: write >= 0 ? try table.descriptor(at: write) : -1,
                coding: try container.decode(WireCoding.self, forKey: .coding),
                maxMessageLength: try container.decode(Int.self, forKey: .maxMessageLength))
        }
    }
}
