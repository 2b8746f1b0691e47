import Glibc
import Multiprocessing

// Exercise 11, the reference solution: the rows of a Mandelbrot image,
// shared out in four interleaved groups over a pool of two workers.

MP.bootstrap()

/// Prints a line and hands it to the operating system at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// The image's size and how far each point is followed.
struct Picture: Codable {
    let width: Int
    let height: Int
    let maxIterations: Int
}

/// How many steps of z -> z * z + c, from z = 0, the point c = (cx, cy)
/// takes before |z| > 2; `maxIterations` if it never gets there (the point
/// counts as in the set).
func escapeCount(_ cx: Double, _ cy: Double, maxIterations: Int) -> Int {
    var (x, y) = (0.0, 0.0)
    var count = 0
    while count < maxIterations && x * x + y * y <= 4.0 {
        (x, y) = (x * x - y * y + cx, 2.0 * x * y + cy)
        count += 1
    }
    return count
}

/// The escape counts of one row: the picture spans -2 to 1 across and
/// -1.2 to 1.2 down.
func row(_ y: Int, of picture: Picture) -> [Int] {
    let cy = -1.2 + 2.4 * Double(y) / Double(picture.height)
    return (0..<picture.width).map { x in
        escapeCount(-2.0 + 3.0 * Double(x) / Double(picture.width), cy, maxIterations: picture.maxIterations)
    }
}

/// One task: a group of rows. Group g of n has the rows g, g + n,
/// g + 2n, ..., so that every group gets its share of the costly middle of
/// the picture.
struct RowGroup: Codable {
    let group: Int
    let groups: Int
    let picture: Picture
}

/// What a worker sends back: its group, and the counts of each of its rows.
struct RenderedGroup: Codable {
    let group: Int
    let rows: [[Int]]
}

/// Renders one group of rows in a pool worker.
enum RenderGroup: MP.PoolTask {
    static func run(_ task: RowGroup) throws -> RenderedGroup {
        let rows = stride(from: task.group, to: task.picture.height, by: task.groups).map { row($0, of: task.picture) }
        let inSet = rows.joined().filter { $0 == task.picture.maxIterations }.count
        say("worker \(MP.currentProcess.pid) rendered row group \(task.group) of \(task.groups): \(inSet) points in the set")
        return RenderedGroup(group: task.group, rows: rows)
    }
}

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard numbers.count == 3, (1...1000).contains(numbers[0]), (1...1000).contains(numbers[1]),
      (1...10_000).contains(numbers[2]) else {
    say("usage: WIDTH HEIGHT ITERATIONS (1 to 1000, 1 to 1000, 1 to 10000)")
    exit(2)
}
let groups = 4
let picture = Picture(width: numbers[0], height: numbers[1], maxIterations: numbers[2])
say("main: \(picture.width)x\(picture.height) pixels, at most \(picture.maxIterations) iterations, \(groups) row groups for 2 workers")

let rendered = try MP.withPool(processes: 2) { pool in
    try pool.map(RenderGroup.self, (0..<groups).map { RowGroup(group: $0, groups: groups, picture: picture) })
}
// Put the rows back in their places: row y is in group y % groups, at y / groups.
var image: [[Int]] = []
for y in 0..<picture.height {
    image.append(rendered[y % groups].rows[y / groups])
}
var checksum = 0
var inSet = 0
for (y, pixels) in image.enumerated() {
    for (x, count) in pixels.enumerated() {
        checksum += (y * picture.width + x + 1) * count
        if count == picture.maxIterations { inSet += 1 }
    }
}
say("checksum: \(checksum)")
say("points in the set: \(inSet)")
