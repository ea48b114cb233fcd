import RealModule

/// A self-contained SVG line chart with a logarithmic x axis, a linear y axis, a legend and marks.
///
/// Output is plain SVG 1.1 (no scripts, no external resources): axes with ticks and labels,
/// one `<polyline class="series" data-name="…">` per series in distinct colours and dash
/// patterns, dashed vertical marks with labels, and a legend. Text is XML-escaped.
public struct SVGLineChart: Sendable {
    /// One line of the chart: a name for the legend and its points.
    public struct Series: Sendable {
        /// The legend entry.
        public let name: String
        /// The points, in x order.
        public let points: [(x: Double, y: Double)]
        /// A series called `name` through `points` (x > 0 for the log axis).
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    /// The chart's title.
    public let title: String
    /// The x axis label.
    public let xLabel: String
    /// The y axis label.
    public let yLabel: String
    /// The lines.
    public let series: [Series]
    /// Dashed vertical lines with labels.
    public let verticalMarks: [(x: Double, label: String)]

    /// A chart with a title, axis labels, its series and labelled vertical marks.
    public init(title: String, xLabel: String, yLabel: String, series: [Series], verticalMarks: [(x: Double, label: String)] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.verticalMarks = verticalMarks
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]
    static let dashes = ["", "6,3", "2,3", "8,3,2,3", "4,4", "1,2", "10,4", "3,6", "6,2,2,2"]

    /// The opening of a chart: the XML declaration, the svg element, its title, a white
    /// background, the title text centred over the plot, and the two axes of the plot area.
    static func opening(width: Double, height: Double, title: String, plot: (left: Double, top: Double, width: Double, height: Double)) -> String {
        func f(_ x: Double) -> String { UnitFormat.fixed(x, 2) }
        let (left, top, bottom) = (plot.left, plot.top, plot.top + plot.height)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<title>\(escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"white\"/>\n"
        out += "<text x=\"\(f(left + plot.width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">\(escape(title))</text>\n"
        out += "<g class=\"axes\" stroke=\"black\" fill=\"none\">\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(left + plot.width))\" y2=\"\(f(bottom))\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\"/>\n"
        return out + "</g>\n"
    }

    /// The chart's SVG text.
    public func render() -> String {
        let width = 860.0, height = 520.0
        let left = 80.0, right = 220.0, top = 50.0, bottom = 70.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap(\.points)
        let xs = all.map(\.x).filter { $0 > 0 }, ys = all.map(\.y).filter(\.isFinite)
        let xMin = xs.min() ?? 1, xMax = max(xs.max() ?? 10, (xs.min() ?? 1) * 1.0001)
        // A log y axis when the values span more than two decades (a baseline far above the rest).
        let positive = ys.filter { $0 > 0 }
        let logY = (positive.max() ?? 1) / max(positive.min() ?? 1, 1e-300) > 100
        let yMax = logY ? Double.pow(10, Double.log10(positive.max() ?? 1).rounded(.up)) : Self.niceCeiling(max(ys.max() ?? 1, 1e-12) * 1.05)
        let yMin = logY ? Double.pow(10, Double.log10(positive.min() ?? 1).rounded(.down)) : 0
        func px(_ x: Double) -> Double { left + (Double.log10(x) - Double.log10(xMin)) / (Double.log10(xMax) - Double.log10(xMin)) * plotW }
        func py(_ y: Double) -> Double {
            if logY { return top + plotH - (Double.log10(min(max(y, yMin), yMax)) - Double.log10(yMin)) / (Double.log10(yMax) - Double.log10(yMin)) * plotH }
            return top + plotH - min(max(y, 0), yMax) / yMax * plotH
        }
        func f(_ x: Double) -> String { UnitFormat.fixed(x, 2) }

        var out = Self.opening(width: width, height: height, title: title, plot: (left, top, plotW, plotH))
        out += "<g class=\"ticks\" font-size=\"11\">\n"
        var decade = Double.pow(10, (Double.log10(xMin)).rounded(.down))
        while decade <= xMax * 1.0001 {
            for m in [1.0, 2, 5] {
                let x = decade * m
                guard x >= xMin * 0.9999, x <= xMax * 1.0001 else { continue }
                out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>\n"
                out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH))\" stroke=\"#e0e0e0\"/>\n"
                out += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(Self.tickLabel(x))</text>\n"
            }
            decade *= 10
        }
        let yTicks: [Double]
        if logY {
            var t: [Double] = []
            var d = yMin
            while d <= yMax * 1.0001 { t += [d, 2 * d, 5 * d].filter { $0 <= yMax * 1.0001 }; d *= 10 }
            yTicks = t
        } else {
            yTicks = (0...5).map { yMax * Double($0) / 5 }
        }
        for (i, y) in yTicks.enumerated() {
            out += "<line x1=\"\(f(left - 5))\" y1=\"\(f(py(y)))\" x2=\"\(f(left))\" y2=\"\(f(py(y)))\" stroke=\"black\"/>\n"
            if i > 0 { out += "<line x1=\"\(f(left))\" y1=\"\(f(py(y)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(y)))\" stroke=\"#e0e0e0\"/>\n" }
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(Self.tickLabel(y))</text>\n"
        }
        out += "</g>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 20))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        let yTitle = yLabel + (logY ? ", log scale" : "")
        out += "<text x=\"20\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(f(top + plotH / 2)))\">\(Self.escape(yTitle))</text>\n"
        // Marks where the optimal plan changes.
        out += "<g class=\"marks\">\n"
        for mark in verticalMarks where mark.x >= xMin && mark.x <= xMax {
            out += "<line x1=\"\(f(px(mark.x)))\" y1=\"\(f(top))\" x2=\"\(f(px(mark.x)))\" y2=\"\(f(top + plotH))\" stroke=\"#999999\" stroke-dasharray=\"3,3\"/>\n"
        }
        if let first = verticalMarks.first(where: { $0.x >= xMin && $0.x <= xMax }) {
            out += "<text x=\"\(f(px(first.x) + 4))\" y=\"\(f(top + 12))\" fill=\"#666666\" font-size=\"10\">\(Self.escape(first.label))</text>\n"
        }
        out += "</g>\n"
        // Series.
        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let color = Self.colors[i % Self.colors.count], dash = Self.dashes[i % Self.dashes.count]
            let pts = s.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            out += "<polyline class=\"series\" data-name=\"\(Self.escape(s.name))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(i == 0 ? 3 : 2)\""
            out += dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
            out += " points=\"\(pts)\"/>\n"
        }
        // Legend.
        out += "<g class=\"legend\">\n"
        for (i, s) in series.enumerated() {
            let y = top + 10 + Double(i) * 20, x = left + plotW + 20
            let color = Self.colors[i % Self.colors.count], dash = Self.dashes[i % Self.dashes.count]
            out += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 30))\" y2=\"\(f(y))\" stroke=\"\(color)\" stroke-width=\"\(i == 0 ? 3 : 2)\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            out += "<text x=\"\(f(x + 38))\" y=\"\(f(y + 4))\">\(Self.escape(s.name))</text>\n"
        }
        if !verticalMarks.isEmpty {
            let y = top + 10 + Double(series.count) * 20, x = left + plotW + 20
            out += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 30))\" y2=\"\(f(y))\" stroke=\"#999999\" stroke-dasharray=\"3,3\"/>\n"
            out += "<text x=\"\(f(x + 38))\" y=\"\(f(y + 4))\">optimal plan changes</text>\n"
        }
        out += "</g>\n</svg>\n"
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// 1, 2, 5 × 10^k at or above `x`.
    static func niceCeiling(_ x: Double) -> Double {
        let p = Double.pow(10, (Double.log10(x)).rounded(.down))
        for m in [1.0, 2, 2.5, 5, 10] where m * p >= x { return m * p }
        return 10 * p
    }

    static func tickLabel(_ x: Double) -> String {
        if x == 0 { return "0" }
        if abs(x) >= 100 || x == x.rounded() { return UnitFormat.fixed(x, 0) }
        if abs(x) >= 1 { return UnitFormat.fixed(x, 1) }
        var digits = 1
        while digits < 6, abs(x) * Double.pow(10, Double(digits)) < 1 { digits += 1 }
        return UnitFormat.fixed(x, digits)
    }
}
