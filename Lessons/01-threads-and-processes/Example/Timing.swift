// region: timing
/// Runs `body` and returns its result with the seconds it took.
func timed<Result>(_ body: () throws -> Result) rethrows -> (result: Result, seconds: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let elapsed = (clock.now - start).components
    return (result, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
}

/// `value` with exactly `places` digits after the point (no Foundation needed).
func fixed(_ value: Double, places: Int) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let whole = scaled / scale
    let fraction = String(scaled % scale)
    return "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
}
// endregion: timing
