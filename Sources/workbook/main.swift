import ArgumentParser
import Foundation
import Workbook

// The example runs in its own process group, out of reach of the terminal's
// Ctrl-C; these handlers pass an interrupt on to it.
ExampleRunner.stopExamplesOnInterrupt()

do {
    var command = try WorkbookCommand.parseAsRoot(CommandLine.arguments.dropFirst().joiningNegativeValues())
    try command.run()
} catch {
    let code = WorkbookCommand.exitCode(for: error)
    // Help, and the exit statuses the commands chose, go through ArgumentParser as usual.
    if code == .success || error is ExitCode { WorkbookCommand.exit(withError: error) }
    // Every other error is said the way the commands say theirs: `workbook: error: ...`.
    var message = WorkbookCommand.fullMessage(for: error)
    if message.hasPrefix("Error: ") { message = "workbook: error: " + message.dropFirst("Error: ".count) }
    Terminal.printError(message)
    exit(code.rawValue)
}
