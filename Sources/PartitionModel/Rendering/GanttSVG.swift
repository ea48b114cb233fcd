import RealModule

/// A schedule drawn as a Gantt chart in self-contained SVG: one lane per device, link or
/// exchange phase, one bar per piece of work, the critical path outlined in red.
///
/// Bars are coloured by lane kind (compute blue, link orange, exchange green) and labelled when
/// the label fits; every bar has a `<title>` (the browser's tooltip) with its lane, label, times
/// and detail. The time axis has 1–2–5 ticks in friendly units. No scripts, no external resources.
///
/// - Complexity: O(lanes + bars).
public struct GanttSVG: Sendable {
    /// The schedule drawn.
    public let schedule: Schedule
    /// The chart's title.
    public let title: String
    /// Total width in pixels.
    public let width: Double

    /// A chart of `schedule` titled `title`, `width` pixels wide.
    public init(_ schedule: Schedule, title: String, width: Double = 900) {
        self.schedule = schedule
        self.title = title
        self.width = width
    }

    static let laneHeight = 24.0, labelWidth = 190.0, top = 46.0, axisHeight = 40.0, rightMargin = 20.0

    /// The SVG text (an `<svg>` element without an XML prolog, ready to inline in HTML or save).
    public func render() -> String {
        let height = Self.top + Double(schedule.lanes.count) * Self.laneHeight + Self.axisHeight
        let plotW = width - Self.labelWidth - Self.rightMargin
        let span = max(schedule.makespan, 1e-300)
        func x(_ t: Double) -> Double { Self.labelWidth + t / span * plotW }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>\(SVGLineChart.escape(title))</title>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(Self.f(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">\(SVGLineChart.escape(title))</text>\n"
        out += "<text x=\"\(Self.f(width / 2))\" y=\"34\" text-anchor=\"middle\" fill=\"#555\">\(SVGLineChart.escape("makespan \(UnitFormat.duration(schedule.makespan)) · red outline: critical path"))</text>\n"
        out += lanesSVG(plotW: plotW)
        out += axisSVG(span: span, plotW: plotW, y: Self.top + Double(schedule.lanes.count) * Self.laneHeight)
        out += "<g class=\"bars\">\n"
        for b in schedule.bars where b.lane >= 0 && b.lane < schedule.lanes.count { out += barSVG(b, x: x) }
        out += "</g>\n</svg>\n"
        return out
    }

    /// The lane names and alternating backgrounds.
    private func lanesSVG(plotW: Double) -> String {
        var out = "<g class=\"lanes\">\n"
        for (i, lane) in schedule.lanes.enumerated() {
            let y = Self.top + Double(i) * Self.laneHeight
            if i % 2 == 0 { out += "<rect x=\"\(Self.f(Self.labelWidth))\" y=\"\(Self.f(y))\" width=\"\(Self.f(plotW))\" height=\"\(Self.f(Self.laneHeight))\" fill=\"#f4f4f4\"/>\n" }
            out += "<text x=\"\(Self.f(Self.labelWidth - 6))\" y=\"\(Self.f(y + Self.laneHeight / 2 + 4))\" text-anchor=\"end\">\(SVGLineChart.escape(lane.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// The time axis with 1–2–5 ticks.
    private func axisSVG(span: Double, plotW: Double, y: Double) -> String {
        var out = "<g class=\"axis\" stroke=\"black\">\n<line x1=\"\(Self.f(Self.labelWidth))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(Self.labelWidth + plotW))\" y2=\"\(Self.f(y))\"/>\n"
        let step = Self.tickStep(span)
        var t = 0.0, n = 0
        while t <= span * (1 + 1e-9) && n <= 12 {
            let x = Self.labelWidth + t / span * plotW
            out += "<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(y + 5))\"/>\n"
            out += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y + 18))\" text-anchor=\"middle\" stroke=\"none\">\(SVGLineChart.escape(Self.tickLabel(t, step: step)))</text>\n"
            n += 1
            t = Double(n) * step
        }
        return out + "</g>\n"
    }

    /// One bar: its rectangle, its tooltip and, when it fits, its label.
    private func barSVG(_ b: Schedule.Bar, x: (Double) -> Double) -> String {
        let lane = schedule.lanes[b.lane]
        let y = Self.top + Double(b.lane) * Self.laneHeight + 3
        let x0 = x(b.start), w = max(x(b.end) - x0, 0.75)
        let fill = lane.kind == .compute ? "#6baed6" : lane.kind == .link ? "#fdae6b" : "#74c476"
        let stroke = b.critical ? " stroke=\"#d62728\" stroke-width=\"2\"" : " stroke=\"#ffffff\" stroke-width=\"0.5\""
        var tip = "\(lane.name): \(b.label), \(UnitFormat.duration(b.start)) → \(UnitFormat.duration(b.end)) (\(UnitFormat.duration(b.end - b.start)))"
        if let d = b.detail { tip += "; \(d)" }
        if b.critical { tip += "; critical" }
        var out = "<g class=\"bar\(b.critical ? " critical" : "")\"><title>\(SVGLineChart.escape(tip))</title>"
        out += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(y))\" width=\"\(Self.f(w))\" height=\"\(Self.f(Self.laneHeight - 6))\" fill=\"\(fill)\"\(stroke)/>"
        if Double(b.label.count) * 6.2 + 6 < w {
            out += "<text x=\"\(Self.f(x0 + w / 2))\" y=\"\(Self.f(y + Self.laneHeight / 2 + 1))\" text-anchor=\"middle\">\(SVGLineChart.escape(b.label))</text>"
        }
        return out + "</g>\n"
    }

    /// A 1, 2 or 5 × 10^k step giving at most about eight ticks over `span`.
    static func tickStep(_ span: Double) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / 8
        let p = Double.pow(10, Double.log10(raw).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * p >= raw { return m * p }
        return 10 * p
    }

    /// A tick's time in the unit of the step: "150 ms", "1.5 s", "20 µs".
    static func tickLabel(_ t: Double, step: Double) -> String {
        let (scale, unit) = step >= 1 ? (1.0, "s") : step >= 1e-3 ? (1e3, "ms") : step >= 1e-6 ? (1e6, "µs") : (1e9, "ns")
        return SVGLineChart.tickLabel((t * scale * 1e6).rounded() / 1e6) + " " + unit
    }

    static func f(_ x: Double) -> String { UnitFormat.fixed(x, 1) }
}
