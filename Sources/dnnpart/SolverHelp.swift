import PartitionModel
import PartitionSolvers

/// Help text built from the catalog, so the solver lists in `--help` cannot drift from the code.
enum SolverHelp {
    /// One block per problem: its solvers in catalog order, exact ones and the default marked,
    /// wrapped to 78 columns with a hanging indent.
    static var listing: String {
        func line<P: SolvableProblem>(_: P.Type, _ label: String) -> String {
            let items = P.solvers.map { s in
                let tags = (s.exact ? ["exact"] : []) + (s.name == P.defaultSolverName ? ["default"] : [])
                return s.name + (tags.isEmpty ? "" : " (" + tags.joined(separator: ", ") + ")")
            }
            return wrap(label, items)
        }
        return [
            "Solvers by problem (--problem NAME --solver NAME):",
            line(LatencyProblem.self, "latency (P1):"),
            line(ThroughputProblem.self, "throughput (P2):"),
            line(ThreeTierProblem.self, "three-tier (P3):"),
            line(TilingProblem.self, "tiling (P4):"),
            line(FCProblem.self, "fc (P5):"),
            line(ChannelProblem.self, "channels (P6):"),
        ].joined(separator: "\n")
    }

    /// `label` then the items separated by commas, wrapped at 78 columns under the first item.
    static func wrap(_ label: String, _ items: [String]) -> String {
        let indent = String(repeating: " ", count: 20)
        var lines: [String] = []
        var current = "  " + label + String(repeating: " ", count: max(1, 18 - label.count))
        for (i, item) in items.enumerated() {
            let piece = item + (i + 1 < items.count ? "," : "")
            if current.count + piece.count + 1 > 78, current != indent {
                lines.append(current)
                current = indent + piece
            } else {
                current += (current.hasSuffix(" ") ? "" : " ") + piece
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
