extension MP {
    /// Where a manager's server listens and its clients connect.
    ///
    /// `.unix` is a socket file on this machine, created readable and
    /// writable by its owner only (mode 0600). `.tcp` reaches across
    /// machines; a manager on TCP always needs a non-empty authentication
    /// key, because anyone who can reach the port could talk to it.
    public enum ManagerAddress: Codable, Hashable, Sendable, CustomStringConvertible {
        /// A Unix socket at this path.
        case unix(String)
        /// A TCP port on a host name or numeric address (`127.0.0.1`, `::1`,
        /// `localhost`). Port 0 asks the system for a free port when
        /// listening; the server's `address` then says which.
        case tcp(host: String, port: UInt16)

        public var description: String {
            switch self {
            case let .unix(path): return "unix:\(path)"
            case let .tcp(host, port): return host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
            }
        }

        /// The TCP port, or nil for a Unix socket. After listening on port 0,
        /// the server's `address.port` is the port the system picked.
        public var port: UInt16? {
            if case let .tcp(_, port) = self { return port }
            return nil
        }

        var isTCP: Bool {
            if case .tcp = self { return true }
            return false
        }
    }
}
