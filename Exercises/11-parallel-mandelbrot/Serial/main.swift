import Glibc
import Multiprocessing

// Exercise 11 done in one process: a pool is started, but the main program
// renders every row and prints the workers' lines itself, with the pool
// workers' pids. It must fail its grade: `workbook dev check` makes sure
// it does.

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

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard numbers.count == 3, (1...1000).contains(numbers[0]), (1...1000).contains(numbers[1]),
      (1...10_000).contains(numbers[2]) else {
    say("usage: WIDTH HEIGHT ITERATIONS (1 to 1000, 1 to 1000, 1 to 10000)")
    exit(2)
}
let groups = 4
let picture = Picture(width: numbers[0], height: numbers[1], maxIterations: numbers[2])
say("main: \(picture.width)x\(picture.height) pixels, at most \(picture.maxIterations) iterations, \(groups) row groups for 2 workers")

let image = (0..<picture.height).map { row($0, of: picture) }

enum Idle: MP.PoolTask {
    static func run(_ n: Int) throws -> Int { n }
}
let pool = try MP.Pool(processes: 2)
_ = try pool.map(Idle.self, Array(0..<groups))
let workers = MP.activeChildren().compactMap(\.pid)
for group in 0..<groups {
    let mine = stride(from: group, to: picture.height, by: groups).map { image[$0] }
    let points = mine.joined().filter { $0 == picture.maxIterations }.count
    say("worker \(workers.isEmpty ? getpid() : workers[group % workers.count]) rendered row group \(group) of \(groups): \(points) points in the set")
}
pool.close()
try pool.join()

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
