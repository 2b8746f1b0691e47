// region: checksum
/// A fingerprint of the pixels: the 64-bit FNV-1a hash of the bytes, in
/// hexadecimal. Any pixel that differs, or two pixels swapped, changes it.
func checksum(_ shades: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325          // FNV-1a's offset basis
    for byte in shades {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3  // FNV-1a's prime
    }
    let digits = String(hash, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
}
// endregion: checksum

/// The sum of all the shades: a second, rougher fingerprint.
func total(_ shades: [UInt8]) -> Int {
    shades.reduce(0) { $0 + Int($1) }
}
