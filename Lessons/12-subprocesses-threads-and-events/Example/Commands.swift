import Foundation

// region: capture
/// What a finished command left behind.
struct Finished {
    var pid: Int32
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `command` with `arguments` (found on the PATH, as a shell would),
/// waits for it, and returns its pid, exit status, standard output and
/// standard error. Python's `subprocess.run(..., capture_output=True)`.
func runAndCapture(_ command: String, _ arguments: [String]) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [command] + arguments
    process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]  // English messages, everywhere
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both to the end, then collect the exit status. (Fine for small
    // outputs; see "Try this" for what a large one does to this order.)
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Finished(
        pid: process.processIdentifier, status: process.terminationStatus,
        output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
}
// endregion: capture

/// `text` without its final newline.
func chomp(_ text: String) -> String {
    text.hasSuffix("\n") ? String(text.dropLast()) : text
}
