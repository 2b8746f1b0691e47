import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: one-thread
let depth = 12
say("The Mandelbrot set: \(width) x \(height) pixels, \(depth) iterations")
let (picture, oneSeconds) = timed { draw(0..<pixelCount, depth: depth) }
say("1 thread: checksum \(checksum(picture)), \(fixed(oneSeconds, places: 3)) s")
// endregion: one-thread

// region: write-png
let folder = String(cString: getenv("TMPDIR") ?? strdup("/tmp"))
let path = "\(folder)/mandelbrot-\(depth)-\(getpid()).png"
try writePNG(picture, width: width, height: height, to: path)
say("main: wrote \(path), \(fileSize(path)) bytes")
let decoded = try readPNG(at: path)
say("main: libpng reads it back: \(decoded.width) x \(decoded.height), gray: \(decoded.isGray), "
    + "checksum \(checksum(decoded.shades)), the same pixels: \(decoded.shades == picture)")
// endregion: write-png

// region: pool-bands
let pool = try MP.Pool(processes: 2)
let (strips, bandSeconds) = try timed {
    try pool.map(DrawBand.self, bands(16, depth: depth, report: true), chunkSize: 1)
}
say("pool of 2 processes, 16 bands: checksum \(checksum(strips.flatMap { $0 })), \(fixed(bandSeconds, places: 3)) s")
// endregion: pool-bands

// region: pool-pixels
let (pixels, pixelSeconds) = try timed { try pool.map(ShadePixel.self, Array(0..<pixelCount)) }
say("pool of 2 processes, one task a pixel: checksum \(checksum(pixels)), \(fixed(pixelSeconds, places: 3)) s")
pool.close()
try pool.join()
// endregion: pool-pixels

// region: painters
let (painted, paintSeconds) = try timed { try paint(painters: 3, depth: depth, report: true, names: "Painter") }
say("3 painters, shared memory: checksum \(checksum(painted)), \(fixed(paintSeconds, places: 3)) s")
// endregion: painters
