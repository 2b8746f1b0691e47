/// The namespace of the Multiprocessing library, read like Python's
/// `import multiprocessing as mp`: `MP.Process`, `MP.Pipe()`, `MP.bootstrap()`.
///
/// Python's names are kept (in Swift's casing) because they are the
/// vocabulary of the course. Three of them clash with Swift or Foundation
/// (`Process`, `Pipe`, `Array`), which is why everything lives inside `MP`.
///
/// Every program that starts processes calls ``MP/bootstrap()`` as its first
/// line; see that function for why.
public enum MP {}
