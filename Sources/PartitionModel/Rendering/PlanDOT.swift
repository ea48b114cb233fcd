/// A tier plan as a Graphviz DOT graph: the network coloured by where each layer runs.
///
/// One node per layer labelled with its id, op and time on its tier, filled with its tier's
/// colour, inside one cluster per tier; every edge of the graph, with the cut edges (those whose
/// tensor crosses a link) bold and red, labelled with the bytes sent and their transfer time.
/// Ids are quoted and escaped, so any layer id gives valid DOT. Render with `dot -Tsvg`.
///
/// - Complexity: O(V + E + V·links).
public enum PlanDOT {
    /// Fill colours of tiers 0, 1, 2, … (cycled).
    public static let tierColors = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9d9d9"]

    /// The DOT text of `plan` on `instance` (`report` is the verifier's report of that plan).
    public static func dot(_ plan: TierAssignment, instance: Instance, report: TierPlanReport) -> String {
        let g = instance.graph
        let tier = plan.tierOfLayer.map { min(max($0, 0), instance.tiers.count - 1) }
        var out = "digraph \"\(escape(instance.name))\" {\n"
        out += "  graph [rankdir=TB, fontname=\"Helvetica\", label=\"\(escape(caption(instance, report)))\", labelloc=t];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [color=\"#777777\", arrowsize=0.6];\n"
        for k in instance.tiers.indices {
            out += "  subgraph \"cluster_\(k)\" {\n"
            out += "    label=\"\(escape(instance.tiers[k].name))\"; style=\"rounded,dashed\"; color=\"#888888\";\n"
            for v in g.topologicalOrder where tier[v] == k { out += "    " + node(v, tier: k, instance: instance) + "\n" }
            out += "  }\n"
        }
        let crossings = TierPlanReport.Crossings(report)
        for (u, v) in g.edges { out += "  " + edge(u, v, tier: tier, crossings: crossings, instance: instance) + "\n" }
        return out + "}\n"
    }

    /// `"id" [label="id\nop\ntime", fillcolor=…, tooltip=…]`.
    static func node(_ v: Int, tier k: Int, instance: Instance) -> String {
        let layer = instance.graph.layers[v]
        let seconds = instance.cost.seconds[k][v]
        let label = "\(layer.id)\n\(layer.op.rawValue)\n\(UnitFormat.duration(seconds))"
        let tip = "\(layer.id) (\(layer.op.rawValue)) on \(instance.tiers[k].name): \(UnitFormat.duration(seconds)), output \(UnitFormat.bytes(layer.outputBytes))"
        return "\"\(escape(layer.id))\" [label=\"\(escape(label))\", fillcolor=\"\(tierColors[k % tierColors.count])\", tooltip=\"\(escape(tip))\"];"
    }

    /// An edge; a cut edge is bold and red with the bytes and time of the links it crosses.
    static func edge(_ u: Int, _ v: Int, tier: [Int], crossings: TierPlanReport.Crossings, instance: Instance) -> String {
        let g = instance.graph
        let head = "\"\(escape(g.layers[u].id))\" -> \"\(escape(g.layers[v].id))\""
        guard tier[v] > tier[u] else { return head + ";" }
        let (bytes, seconds) = crossings.crossing(g.layers[u].id, from: tier[u], to: tier[v])
        let label = "\(UnitFormat.bytes(bytes))\n\(UnitFormat.duration(seconds))"
        return head + " [style=bold, penwidth=2.5, color=\"#d62728\", fontcolor=\"#d62728\", fontsize=9, label=\"\(escape(label))\"];"
    }

    /// The graph's caption: the instance, the latency and the bottleneck.
    static func caption(_ instance: Instance, _ report: TierPlanReport) -> String {
        "\(instance.name): latency \(UnitFormat.duration(report.latency)), bottleneck \(UnitFormat.duration(report.bottleneck))"
    }

    /// A DOT double-quoted string's body: backslashes and quotes escaped, newlines as `\n`.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }
}
