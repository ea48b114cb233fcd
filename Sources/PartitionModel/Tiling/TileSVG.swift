/// A partition of a feature map drawn in SVG at true proportions: one rectangle per tile,
/// coloured and labelled by device, with a tooltip giving the device, rows, columns and size.
///
/// - Complexity: O(tiles).
public enum TileSVG {
    /// Fill colours of devices 0, 1, 2, … (cycled).
    public static let deviceColors = ["#9ecae1", "#fdae6b", "#a1d99b", "#bcbddc", "#fc9272", "#c7c7c7", "#fdd0a2", "#c6dbef",
                                      "#e7ba52", "#ce6dbd", "#6baed6", "#74c476"]

    /// The SVG of `tiles` on an `height` × `width` map, at most `size` pixels on its longer side.
    public static func render(_ tiles: [DeviceTile], height: Int, width: Int, title: String, cluster: [ClusterDevice], size: Double = 220) -> String {
        let scale = size / Double(max(height, width, 1))
        let w = Double(width) * scale, h = Double(height) * scale
        let textW = Double(title.count) * 6.5 + 4
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tiles\" width=\"\(Int(max(w + 2, textW)))\" height=\"\(Int(h + 22))\" viewBox=\"0 0 \(Int(max(w + 2, textW))) \(Int(h + 22))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>\(SVGLineChart.escape(title))</title>\n"
        out += "<text x=\"1\" y=\"13\">\(SVGLineChart.escape(title))</text>\n"
        out += "<rect x=\"1\" y=\"20\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"#ffffff\" stroke=\"#000\"/>\n"
        for t in tiles where !t.rect.isEmpty {
            let r = t.rect
            let name = cluster.indices.contains(t.device) ? cluster[t.device].name : "device #\(t.device)"
            let tip = "\(name): rows \(r.r0)…\(r.r1), columns \(r.c0)…\(r.c1) (\(r.height)×\(r.width))"
            let x = 1 + Double(r.c0) * scale, y = 20 + Double(r.r0) * scale, tw = Double(r.width) * scale, th = Double(r.height) * scale
            out += "<g class=\"tile\"><title>\(SVGLineChart.escape(tip))</title>"
            out += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(tw))\" height=\"\(f(th))\" fill=\"\(deviceColors[max(t.device, 0) % deviceColors.count])\" stroke=\"#333\" stroke-width=\"0.75\"/>"
            if tw > 12 && th > 12 {
                out += "<text x=\"\(f(x + tw / 2))\" y=\"\(f(y + th / 2 + 4))\" text-anchor=\"middle\">\(TilePicture.symbol(max(t.device, 0)))</text>"
            }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    static func f(_ x: Double) -> String { UnitFormat.fixed(x, 1) }
}
