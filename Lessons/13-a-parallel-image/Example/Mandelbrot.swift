// region: picture
/// The picture: 512 by 512 pixels over the square of the complex plane from
/// -2 - 1.5i (top left) to 1 + 1.5i, where the whole Mandelbrot set lies.
/// Pixel `index` is in row `index / width`, column `index % width`: pixels
/// are numbered in reading order, 0 to 262143.
let width = 512
let height = 512
let pixelCount = width * height

/// The course's depth: at most 12 steps for each point.
let depth = 12

/// How many steps of z -> z*z + c, starting from z = 0, the point c of pixel
/// `index` takes to leave the circle of radius 2; `depth` if it is still
/// inside after `depth` steps (as far as we looked, it is in the set).
func escapeSteps(ofPixel index: Int, depth: Int) -> Int {
    let cr = -2.0 + 3.0 * Double(index % width) / Double(width)
    let ci = -1.5 + 3.0 * Double(index / width) / Double(height)
    var zr = 0.0, zi = 0.0
    var steps = 0
    while steps < depth && zr * zr + zi * zi <= 4.0 {
        (zr, zi) = (zr * zr - zi * zi + cr, 2.0 * zr * zi + ci)
        steps += 1
    }
    return steps
}

/// The pixel's shade of gray, one byte: black (0) in the set, lighter the
/// sooner its point escapes (every point takes at least one step).
func shade(ofPixel index: Int, depth: Int) -> UInt8 {
    UInt8(255 - 255 * escapeSteps(ofPixel: index, depth: depth) / depth)
}
// endregion: picture

// region: draw
/// The shades of the pixels in `pixels`, in order: the one function every
/// way of drawing in this chapter calls, on the whole picture or on a part.
func draw(_ pixels: Range<Int>, depth: Int) -> [UInt8] {
    pixels.map { shade(ofPixel: $0, depth: depth) }
}
// endregion: draw
