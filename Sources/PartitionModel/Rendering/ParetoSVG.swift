/// A latency–energy chart: the Pareto front as a staircase of points, its convex-hull points
/// filled, other plans as labelled crosses.
///
/// Plain SVG 1.1: linear axes from 0 with ticks, `<circle class="front">` per front point (with
/// `data-supported`), `<path class="marker">` and a `<text>` label per extra plan, a `<title>`
/// tooltip on every mark. Text is XML-escaped.
public struct ParetoSVG: Sendable {
    /// One plotted plan: seconds, joules and a label.
    public typealias Mark = (label: String, latency: Double, energy: Double)

    /// The chart's title.
    public let title: String
    /// The front, in increasing latency, with whether each point is supported.
    public let front: [(latency: Double, energy: Double, supported: Bool)]
    /// Other plans (heuristics) drawn against it.
    public let others: [Mark]

    /// A chart of `front` with `others` marked.
    public init(title: String, front: [(latency: Double, energy: Double, supported: Bool)], others: [Mark]) {
        self.title = title
        self.front = front
        self.others = others
    }

    /// The chart's SVG text.
    public func render() -> String {
        let width = 760.0, height = 520.0, left = 80.0, right = 30.0, top = 50.0, bottom = 70.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = (front.map(\.latency) + others.map(\.latency)).filter(\.isFinite)
        let ys = (front.map(\.energy) + others.map(\.energy)).filter(\.isFinite)
        let xMax = SVGLineChart.niceCeiling(max(xs.max() ?? 1, 1e-12) * 1.05) * 1e3, yMax = SVGLineChart.niceCeiling(max(ys.max() ?? 1, 1e-12) * 1.05) * 1e3
        func px(_ seconds: Double) -> Double { left + seconds * 1e3 / xMax * plotW }
        func py(_ joules: Double) -> Double { top + plotH - joules * 1e3 / yMax * plotH }
        func f(_ x: Double) -> String { UnitFormat.fixed(x, 1) }
        var out = SVGLineChart.opening(width: width, height: height, title: title, plot: (left, top, plotW, plotH))
        for i in 0...5 {
            let x = xMax * Double(i) / 5, y = yMax * Double(i) / 5
            out += "<text x=\"\(f(left + plotW * Double(i) / 5))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(UnitFormat.fixed(x, x < 10 ? 2 : 0))</text>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(top + plotH - plotH * Double(i) / 5 + 4))\" text-anchor=\"end\">\(UnitFormat.fixed(y, y < 10 ? 2 : 0))</text>\n"
        }
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 20))\" text-anchor=\"middle\">latency (ms)</text>\n"
        out += "<text transform=\"translate(20 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">energy (mJ)</text>\n"
        if front.count > 1 {
            var d = "M\(f(px(front[0].latency))),\(f(py(front[0].energy)))"
            for p in front.dropFirst() { d += " H\(f(px(p.latency))) V\(f(py(p.energy)))" }
            out += "<path class=\"staircase\" d=\"\(d)\" fill=\"none\" stroke=\"#1f77b4\" stroke-dasharray=\"4,3\"/>\n"
        }
        for p in front {
            let tip = "\(UnitFormat.milliseconds(p.latency)) ms, \(UnitFormat.fixed(p.energy * 1e3, 3)) mJ\(p.supported ? ", supported" : "")"
            out += "<circle class=\"front\" data-supported=\"\(p.supported)\" cx=\"\(f(px(p.latency)))\" cy=\"\(f(py(p.energy)))\" r=\"5\" "
            out += "fill=\"\(p.supported ? "#1f77b4" : "white")\" stroke=\"#1f77b4\" stroke-width=\"2\"><title>\(SVGLineChart.escape(tip))</title></circle>\n"
        }
        for (i, m) in others.enumerated() where m.latency.isFinite && m.energy.isFinite {
            let (x, y) = (px(m.latency), py(m.energy))
            let color = SVGLineChart.colors[(i + 1) % SVGLineChart.colors.count]
            out += "<path class=\"marker\" d=\"M\(f(x - 5)),\(f(y - 5)) L\(f(x + 5)),\(f(y + 5)) M\(f(x - 5)),\(f(y + 5)) L\(f(x + 5)),\(f(y - 5))\" stroke=\"\(color)\" stroke-width=\"2\">"
            out += "<title>\(SVGLineChart.escape("\(m.label): \(UnitFormat.milliseconds(m.latency)) ms, \(UnitFormat.fixed(m.energy * 1e3, 3)) mJ"))</title></path>"
            out += "<text x=\"\(f(x + 8))\" y=\"\(f(y - 6 - Double(i % 3) * 12))\" fill=\"\(color)\">\(SVGLineChart.escape(m.label))</text>\n"
        }
        out += "<text x=\"\(f(left + plotW - 4))\" y=\"\(f(top + 12))\" text-anchor=\"end\" fill=\"#555\">● supported (convex hull)  ○ unsupported  × other plans</text>\n"
        return out + "</svg>\n"
    }
}
