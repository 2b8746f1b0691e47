import Multiprocessing

// region: band-task
/// A band of consecutive pixels (a range of pixel indices) and how deep to
/// look; `report` asks the worker to say what it drew.
struct Band: Codable {
    let pixels: Range<Int>
    let depth: Int
    let report: Bool
}

/// A pool task: draws one band and returns its shades.
enum DrawBand: MP.PoolTask {
    static func run(_ band: Band) throws -> [UInt8] {
        let shades = draw(band.pixels, depth: band.depth)
        if band.report {
            say("\(me()) drew pixels \(band.pixels.lowerBound)..<\(band.pixels.upperBound)")
        }
        return shades
    }
}

/// The picture cut into `count` bands of (nearly) equal size, in order.
func bands(_ count: Int, depth: Int, report: Bool) -> [Band] {
    (0..<count).map { k in
        Band(pixels: (k * pixelCount / count)..<((k + 1) * pixelCount / count), depth: depth, report: report)
    }
}
// endregion: band-task

// region: pixel-task
/// The course's way: a task is one pixel, given by its index, drawn at
/// the course's depth.
enum ShadePixel: MP.PoolTask {
    static func run(_ index: Int) throws -> UInt8 {
        shade(ofPixel: index, depth: depth)
    }
}
// endregion: pixel-task

// region: painter
/// What a painter needs: the shared canvas (one byte a pixel), which
/// pixels are its own (every `painters`-th, from `first`), and the depth.
struct PaintingOrders: Codable {
    let canvas: MP.Array<UInt8>
    let first: Int
    let painters: Int
    let depth: Int
    let report: Bool
}

/// A child process that paints its share of the pixels straight into
/// shared memory: pixels first, first + painters, first + 2 * painters, ...
enum Paint: MP.ProcessTarget {
    static func run(_ orders: PaintingOrders) throws {
        var painted = 0
        for index in stride(from: orders.first, to: pixelCount, by: orders.painters) {
            orders.canvas[index] = shade(ofPixel: index, depth: orders.depth)
            painted += 1
        }
        if orders.report {
            say("\(me()) painted pixels \(orders.first), \(orders.first + orders.painters), "
                + "\(orders.first + 2 * orders.painters), ...: \(painted) of them")
        }
    }
}

/// Starts `count` painters on one new canvas, waits for them, and returns
/// the picture they painted.
func paint(painters count: Int, depth: Int, report: Bool, names: String) throws -> [UInt8] {
    let canvas = try MP.Array<UInt8>(zeroFilledCount: pixelCount, lock: .none)
    let painters = (0..<count).map { k in
        MP.Process(
            target: Paint.self,
            argument: PaintingOrders(canvas: canvas, first: k, painters: count, depth: depth, report: report),
            name: "\(names)-\(k + 1)")
    }
    for painter in painters { try painter.start() }
    for painter in painters { try painter.join() }
    return canvas.toArray()
}
// endregion: painter
