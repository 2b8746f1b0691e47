import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: one-thread
say("The Mandelbrot set: \(width) x \(height) pixels, \(depth) iterations")
let (picture, oneSeconds) = timed { draw(0..<pixelCount, depth: depth) }
say("1 thread: checksum \(checksum(picture)), \(fixed(oneSeconds, places: 3)) s")
// endregion: one-thread

// region: write-png
let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
let path = "\(folder)/mandelbrot-\(depth)-\(getpid()).png"
try writePNG(picture, width: width, height: height, to: path)
say("main: wrote \(path), \(fileSize(path)) bytes")
let decoded = try readPNG(at: path)
say("main: libpng reads it back: \(decoded.width) x \(decoded.height), gray: \(decoded.isGray), "
    + "checksum \(checksum(decoded.shades)), the same pixels: \(decoded.shades == picture)")
// endregion: write-png

// region: pool-bands
do {
    let pool = try MP.Pool(processes: 2)
    let pieces = bands(16, depth: depth, report: true)
    let (strips, seconds) = try timed { try pool.map(DrawBand.self, pieces, chunkSize: 1) }
    say("\(kind(of: pool)) of \(pool.processes), \(pieces.count) bands: checksum \(checksum(strips.flatMap { $0 })), "
        + "\(fixed(seconds, places: 3)) s")

    let (pixels, pixelSeconds) = try timed { try pool.map(ShadePixel.self, Array(0..<pixelCount)) }
    say("\(kind(of: pool)) of \(pool.processes), one task a pixel: checksum \(checksum(pixels)), "
        + "\(fixed(pixelSeconds, places: 3)) s")
    pool.close()
    try pool.join()
}
// endregion: pool-bands

// region: painters
let (painted, paintSeconds) = try timed { try paint(painters: 3, depth: depth, report: true, names: "Painter") }
say("3 painters, shared memory: checksum \(checksum(painted)), \(fixed(paintSeconds, places: 3)) s")
// endregion: painters

// region: twin
do {
    let pool = try MP.Threads.Pool(processes: 2)
    let pieces = bands(16, depth: depth, report: true)
    let (strips, seconds) = try timed { try pool.map(DrawBand.self, pieces, chunkSize: 1) }
    say("\(kind(of: pool)) of \(pool.processes), \(pieces.count) bands: checksum \(checksum(strips.flatMap { $0 })), "
        + "\(fixed(seconds, places: 3)) s")

    let (pixels, pixelSeconds) = try timed { try pool.map(ShadePixel.self, Array(0..<pixelCount)) }
    say("\(kind(of: pool)) of \(pool.processes), one task a pixel: checksum \(checksum(pixels)), "
        + "\(fixed(pixelSeconds, places: 3)) s")
    pool.close()
    try pool.join()
}
// endregion: twin

// region: deep
let deep = 500
say("The same picture, \(deep) iterations deep: which way is fastest?")
let (deepPicture, oneThread) = timed { draw(0..<pixelCount, depth: deep) }
say("1 thread: total \(total(deepPicture)), \(fixed(oneThread, places: 3)) s, checksum \(checksum(deepPicture))")
let deepPath = "\(folder)/mandelbrot-\(deep)-\(getpid()).png"
try writePNG(deepPicture, width: width, height: height, to: deepPath)
say("main: wrote \(deepPath), \(fileSize(deepPath)) bytes")

/// Prints how one way did: the same total and checksum as one thread's,
/// and how many times faster it was.
func race(_ way: String, _ shades: [UInt8], _ seconds: Double) {
    say("\(way): total \(total(shades)), \(fixed(seconds, places: 3)) s, "
        + "speed-up \(fixed(oneThread / seconds, places: 2))x, checksum \(checksum(shades))")
}

let processPool = try MP.Pool(processes: 2)
let (processStrips, processSeconds) = try timed {
    try processPool.map(DrawBand.self, bands(2, depth: deep, report: false), chunkSize: 1)
}
race("2 processes, a pool", processStrips.flatMap { $0 }, processSeconds)
processPool.close()
try processPool.join()

let (deepPainted, paintersSeconds) = try timed {
    try paint(painters: 2, depth: deep, report: false, names: "DeepPainter")
}
race("2 processes, shared memory", deepPainted, paintersSeconds)

let threadPool = try MP.Threads.Pool(processes: 2)
let (threadStrips, threadSeconds) = try timed {
    try threadPool.map(DrawBand.self, bands(2, depth: deep, report: false), chunkSize: 1)
}
race("2 threads, a pool", threadStrips.flatMap { $0 }, threadSeconds)
threadPool.close()
try threadPool.join()
// endregion: deep
