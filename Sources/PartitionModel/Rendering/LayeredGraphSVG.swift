/// A tier plan's layer graph drawn in SVG with a layout of our own, for when Graphviz is absent.
///
/// Layered drawing (Sugiyama-style, one pass): a layer's row is its depth, the longest path from
/// the input; within a row, layers are ordered by the mean column of their predecessors (the
/// barycentre heuristic), which removes most crossings on DNN graphs. Nodes carry the id, op and
/// time, are filled with their tier's colour (``PlanDOT/tierColors``) and have a tooltip with
/// their numbers; cut edges are bold and red with the bytes sent. Self-contained SVG.
///
/// - Complexity: O(V log V + E).
public enum LayeredGraphSVG {
    static let nodeW = 150.0, nodeH = 38.0, gapX = 24.0, gapY = 34.0, margin = 20.0

    /// The SVG text (no XML prolog) of `plan` on `instance`; `report` is the verifier's report.
    public static func render(_ plan: TierAssignment, instance: Instance, report: TierPlanReport) -> String {
        let g = instance.graph
        let tier = plan.tierOfLayer.map { min(max($0, 0), instance.tiers.count - 1) }
        let rows = layout(g)
        let width = Double(rows.map(\.count).max() ?? 1) * (nodeW + gapX) + 2 * margin
        let height = Double(rows.count) * (nodeH + gapY) + 2 * margin + 30
        var position = [(x: Double, y: Double)](repeating: (0, 0), count: g.count)
        for (r, row) in rows.enumerated() {
            let offset = (width - Double(row.count) * (nodeW + gapX)) / 2
            for (i, v) in row.enumerated() { position[v] = (offset + Double(i) * (nodeW + gapX) + gapX / 2, margin + 30 + Double(r) * (nodeH + gapY)) }
        }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"10\">\n"
        out += "<title>\(SVGLineChart.escape(PlanDOT.caption(instance, report)))</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += legend(instance)
        let crossings = TierPlanReport.Crossings(report)
        out += "<g class=\"edges\">\n"
        for (u, v) in g.edges { out += edge(u, v, tier: tier, position: position, crossings: crossings, instance: instance) }
        out += "</g>\n<g class=\"nodes\">\n"
        for v in g.topologicalOrder { out += node(v, tier: tier[v], at: position[v], instance: instance) }
        return out + "</g>\n</svg>\n"
    }

    /// Rows of layer indices: row = depth, order within a row by the barycentre of the predecessors.
    static func layout(_ g: LayerGraph) -> [[Int]] {
        var depth = [Int](repeating: 0, count: g.count)
        for v in g.topologicalOrder { for u in g.predecessors[v] { depth[v] = max(depth[v], depth[u] + 1) } }
        var rows = [[Int]](repeating: [], count: (depth.max() ?? 0) + 1)
        var column = [Double](repeating: 0, count: g.count)
        for v in g.topologicalOrder { rows[depth[v]].append(v) }
        for r in rows.indices {
            let key = rows[r].map { v in g.predecessors[v].isEmpty ? Double(v) : g.predecessors[v].reduce(0) { $0 + column[$1] } / Double(g.predecessors[v].count) }
            rows[r] = zip(rows[r], key).sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.map(\.0)
            for (i, v) in rows[r].enumerated() { column[v] = Double(i) - Double(rows[r].count - 1) / 2 }
        }
        return rows
    }

    /// The tier colours with their names, along the top.
    static func legend(_ instance: Instance) -> String {
        var out = "<g class=\"legend\">\n"
        for (k, t) in instance.tiers.enumerated() {
            let x = margin + Double(k) * 140
            out += "<rect x=\"\(f(x))\" y=\"8\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(PlanDOT.tierColors[k % PlanDOT.tierColors.count])\" stroke=\"#555\"/>"
            out += "<text x=\"\(f(x + 20))\" y=\"19\" font-size=\"12\">\(SVGLineChart.escape(t.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// One layer: a rounded box with its id and "op · time", and a tooltip.
    static func node(_ v: Int, tier k: Int, at p: (x: Double, y: Double), instance: Instance) -> String {
        let layer = instance.graph.layers[v], seconds = instance.cost.seconds[k][v]
        let tip = "\(layer.id) (\(layer.op.rawValue)) on \(instance.tiers[k].name): \(UnitFormat.duration(seconds)), \(UnitFormat.count(layer.flops)) FLOPs, output \(UnitFormat.bytes(layer.outputBytes))"
        let id = layer.id.count > 22 ? String(layer.id.prefix(21)) + "…" : layer.id
        var out = "<g class=\"node\" data-layer=\"\(SVGLineChart.escape(layer.id))\"><title>\(SVGLineChart.escape(tip))</title>"
        out += "<rect x=\"\(f(p.x))\" y=\"\(f(p.y))\" width=\"\(f(nodeW))\" height=\"\(f(nodeH))\" rx=\"6\" fill=\"\(PlanDOT.tierColors[k % PlanDOT.tierColors.count])\" stroke=\"#555\"/>"
        out += "<text x=\"\(f(p.x + nodeW / 2))\" y=\"\(f(p.y + 15))\" text-anchor=\"middle\" font-weight=\"bold\">\(SVGLineChart.escape(id))</text>"
        out += "<text x=\"\(f(p.x + nodeW / 2))\" y=\"\(f(p.y + 29))\" text-anchor=\"middle\">\(SVGLineChart.escape("\(layer.op.rawValue) · \(UnitFormat.duration(seconds))"))</text></g>\n"
        return out
    }

    /// One edge from the bottom of u to the top of v; a cut edge is bold red with its bytes.
    static func edge(_ u: Int, _ v: Int, tier: [Int], position: [(x: Double, y: Double)],
                     crossings: TierPlanReport.Crossings, instance: Instance) -> String {
        let a = (x: position[u].x + nodeW / 2, y: position[u].y + nodeH), b = (x: position[v].x + nodeW / 2, y: position[v].y)
        let mid = (a.y + b.y) / 2
        let path = "M\(f(a.x)),\(f(a.y)) C\(f(a.x)),\(f(mid)) \(f(b.x)),\(f(mid)) \(f(b.x)),\(f(b.y))"
        guard tier[v] > tier[u] else { return "<path d=\"\(path)\" fill=\"none\" stroke=\"#999\"/>\n" }
        let id = instance.graph.layers[u].id
        let (bytes, seconds) = crossings.crossing(id, from: tier[u], to: tier[v])
        let text = "\(UnitFormat.bytes(bytes)), \(UnitFormat.duration(seconds))"
        var out = "<g class=\"cut\"><title>\(SVGLineChart.escape("\(id) → \(instance.graph.layers[v].id): \(text)"))</title>"
        out += "<path d=\"\(path)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2.5\"/>"
        out += "<text x=\"\(f((a.x + b.x) / 2 + 4))\" y=\"\(f(mid))\" fill=\"#d62728\">\(SVGLineChart.escape(text))</text></g>\n"
        return out
    }

    static func f(_ x: Double) -> String { UnitFormat.fixed(x, 1) }
}
