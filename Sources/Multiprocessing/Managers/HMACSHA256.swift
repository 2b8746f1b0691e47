internal import Crypto

/// HMAC-SHA256 for the managers' mutual authentication, from swift-crypto.
///
/// Why a library and not our own SHA-256 (which this file held until
/// 2026-12-04): swift-crypto 4.5.2 no longer links Foundation on Linux
/// (3.12.3 did, and cost every spawned child about 3.1 ms). Measured on
/// 2026-12-04, 900 starts each, interleaved, 2 CPUs: a program that makes
/// one HMAC with swift-crypto 4.5.2 starts in 4.41 ms (median), against
/// 3.91 ms for the hand-written code beside FoundationEssentials, which the
/// core links anyway: +0.5 ms, inside the start's noise (p90 5.85 against
/// 5.23 ms). OpenSSL's libcrypto through a system-library module cost
/// +1.6 ms and a -dev package on every machine, so it was not chosen.
enum HMACSHA256 {
    static func code(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// Compares two codes in time that does not depend on where they differ.
    static func matches(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
