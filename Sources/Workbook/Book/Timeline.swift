import Foundation

/// A picture of which processes of a run were alive when: one lane per
/// process (its name and pid), a bar from its start to its end, its exit
/// code, a dotted line from its parent's lane at the moment it was born, and
/// a time axis in milliseconds. As SVG for the book, and as text lanes for
/// the terminal (`workbook run N --timeline`).
public struct Timeline: Sendable {
    /// One lane.
    public struct Lane: Sendable, Equatable {
        public var pid: Int32
        public var parent: Int32
        public var name: String
        /// Seconds since the run started.
        public var start: Double
        public var end: Double?
        public var exitCode: Int32?
    }

    public var lanes: [Lane]
    /// When the run ended (the last end seen), seconds.
    public var duration: Double

    /// The timeline of a witnessed run's processes, in order of birth.
    public init(processes: [WitnessedProcess]) {
        lanes = processes.sorted { ($0.start, $0.pid) < ($1.start, $1.pid) }.map {
            Lane(pid: $0.pid, parent: $0.parent, name: $0.name.isEmpty ? "process" : $0.name,
                 start: $0.start, end: $0.end, exitCode: $0.exitCode)
        }
        duration = max(0.001, lanes.map { $0.end ?? $0.start }.max() ?? 0.001)
    }

    /// The lanes as SVG (`width` px wide), with the classes the book's CSS styles.
    public func svg(width: Int = 760) -> String {
        let labelWidth = 190.0
        let laneHeight = 18.0
        let top = 10.0
        let plot = Double(width) - labelWidth - 50
        let height = top + Double(lanes.count) * laneHeight + 34
        func x(_ seconds: Double) -> Double { labelWidth + plot * seconds / duration }
        var parts: [String] = []
        parts.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(Int(height))\" "
                     + "width=\"\(width)\" height=\"\(Int(height))\" role=\"img\" aria-label=\"Timeline of \(lanes.count) processes\">")
        let row = Dictionary(lanes.enumerated().map { ($1.pid, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, lane) in lanes.enumerated() {
            let y = top + Double(index) * laneHeight
            let end = lane.end ?? duration
            let exit = lane.exitCode.map { "exit \($0)" } ?? "no exit seen"
            parts.append("<g class=\"process\" data-pid=\"\(lane.pid)\"><title>\(HTMLRenderer.escape(lane.name)) (pid \(lane.pid)): "
                         + "\(format(lane.start)) to \(format(end)) ms, \(exit)</title>")
            parts.append("<text x=\"4\" y=\"\(y + 12)\">\(HTMLRenderer.escape(lane.name)) (\(lane.pid))</text>")
            parts.append("<rect class=\"lane\" x=\"\(f(x(lane.start)))\" y=\"\(f(y + 3))\" width=\"\(f(max(1.5, x(end) - x(lane.start))))\" height=\"\(f(laneHeight - 6))\" rx=\"2\"/>")
            parts.append("<text x=\"\(f(x(end) + 4))\" y=\"\(y + 12)\">\(lane.exitCode.map(String.init) ?? "?")</text></g>")
            if let parentRow = row[lane.parent], parentRow < index {
                let parentY = top + Double(parentRow) * laneHeight + laneHeight / 2
                parts.append("<line class=\"link\" x1=\"\(f(x(lane.start)))\" y1=\"\(f(parentY))\" x2=\"\(f(x(lane.start)))\" y2=\"\(f(y + laneHeight / 2))\"/>")
            }
        }
        let axisY = top + Double(lanes.count) * laneHeight + 6
        parts.append("<line class=\"axis\" x1=\"\(f(labelWidth))\" y1=\"\(f(axisY))\" x2=\"\(f(labelWidth + plot))\" y2=\"\(f(axisY))\"/>")
        for tick in ticks() {
            parts.append("<line class=\"axis\" x1=\"\(f(x(tick)))\" y1=\"\(f(axisY))\" x2=\"\(f(x(tick)))\" y2=\"\(f(axisY + 4))\"/>")
            parts.append("<text x=\"\(f(x(tick) - 8))\" y=\"\(f(axisY + 16))\">\(format(tick))</text>")
        }
        parts.append("<text x=\"\(f(labelWidth + plot + 6))\" y=\"\(f(axisY + 16))\">ms</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The lanes as text, `width` columns wide: `█` while alive.
    public func text(width: Int = 80) -> String {
        let labelWidth = min(28, max(8, lanes.map { "\($0.name) (\($0.pid))".count }.max() ?? 8))
        let plot = max(10, width - labelWidth - 8)
        var lines: [String] = []
        for lane in lanes {
            let label = "\(lane.name) (\(lane.pid))"
            let shown = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + "…" : label
            let from = Int((lane.start / duration * Double(plot)).rounded(.down))
            let to = max(from + 1, Int(((lane.end ?? duration) / duration * Double(plot)).rounded(.up)))
            var bar = Array(repeating: Character(" "), count: plot)
            for column in from..<min(to, plot) { bar[column] = "█" }
            let exit = lane.exitCode.map { String($0) } ?? "?"
            lines.append(shown.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " │" + String(bar) + "│ " + exit)
        }
        let axis = String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: plot) + "┘"
        let scale = String(repeating: " ", count: labelWidth + 2) + "0 ms"
        let end = "\(format(duration)) ms"
        lines.append(axis)
        lines.append(scale.padding(toLength: max(scale.count, labelWidth + 2 + plot - end.count + 1), withPad: " ", startingAt: 0) + end)
        return lines.joined(separator: "\n")
    }

    private func ticks() -> [Double] {
        let milliseconds = duration * 1000
        let steps = [1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
        let step = steps.first { milliseconds / $0 <= 8 } ?? 20000
        return stride(from: 0, through: milliseconds, by: step).map { $0 / 1000 }
    }

    private func format(_ seconds: Double) -> String { String(Int((seconds * 1000).rounded())) }
    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
