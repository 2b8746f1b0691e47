import Glibc
import Multiprocessing

// region: letters-target
/// Prints its letter five times, a little apart.
enum PrintLetter: MP.ProcessTarget {
    static func run(_ letter: String) throws {
        for _ in 1...5 {
            say(letter)
            nap(0.1)
        }
    }
}
// endregion: letters-target

// region: greeter
/// Says hello with its name and pid, then stays alive a moment.
enum Greeter: MP.ProcessTarget {
    static func run(_ name: String) throws {
        let me = MP.currentProcess
        say("hello \(name) from \(me.name), pid \(me.pid)")
        nap(0.1)
    }
}
// endregion: greeter

// region: endings
/// Returns normally: exit code 0.
enum Returns: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {}
}

/// Ends the process with a code of its choosing.
enum ExitsWith: MP.ProcessTarget {
    static func run(_ code: Int32) throws {
        exit(code)
    }
}

/// An error a target can throw.
struct OutOfCoffee: Error, CustomStringConvertible {
    var description: String { "the coffee ran out" }
}

/// Throws: the error goes to standard error and the exit code is 1.
enum Throws: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        throw OutOfCoffee()
    }
}

/// Sleeps far longer than anyone will wait for it.
enum SleepsLong: MP.ProcessTarget {
    static func run(_ seconds: Double) throws {
        nap(seconds)
    }
}
// endregion: endings

// region: daemon-target
/// Would run for ever: it says it is running, then naps in a loop.
enum Forever: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        say("\(MP.currentProcess.name) (daemon) is running and will never stop on its own")
        while true { nap(0.05) }
    }
}

/// Finishes a little after the main program's last line.
enum FinishesLate: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        nap(0.3)
        say("\(MP.currentProcess.name) (not a daemon) finished after the main program's last line")
    }
}
// endregion: daemon-target
