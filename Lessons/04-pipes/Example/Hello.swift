import Multiprocessing

// region: hello-target
/// Naps briefly, sends "hello" through its end of the pipe, and closes it.
enum SendHello: MP.ProcessTarget {
    static func run(_ end: MP.Connection) throws {
        nap(0.1)
        try end.send("hello")
        say("\(whoAmI()): sent hello; closing my end")
        end.close()
    }
}
// endregion: hello-target
