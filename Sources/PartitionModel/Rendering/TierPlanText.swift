/// A tier plan as text for people: the layer table, the stage times, the violations.
///
/// The command line prints it after `solve` and `verify`; a Swift program can print the same.
public enum TierPlanText {
    /// A human-readable account of a plan: where each layer runs, what is sent, the stage times.
    public static func text(_ plan: TierAssignment, report: TierPlanReport, instance: Instance, listLayers: Bool) -> String {
        let g = instance.graph
        var out = ""
        if listLayers {
            var sent: [String: [TierPlanReport.Transfer]] = [:]
            for t in report.transfers { sent[t.layer, default: []].append(t) }
            var table = TextTable(header: ["layer", "op", "tier", "time (ms)", "sends"], rightAligned: [3])
            for v in g.topologicalOrder {
                let k = plan.tierOfLayer[v]
                let tierName = (0..<instance.tiers.count).contains(k) ? instance.tiers[k].name : "tier \(k)?"
                let time = (0..<instance.tiers.count).contains(k) ? UnitFormat.milliseconds(instance.cost.seconds[k][v]) : "-"
                let sends = (sent[g.layers[v].id] ?? []).map {
                    "\(UnitFormat.bytes($0.bytes)) -> \(instance.tiers[$0.link + 1].name) (\(UnitFormat.duration($0.seconds)))"
                }.joined(separator: ", ")
                table.rows.append([g.layers[v].id, g.layers[v].op.rawValue, tierName, time, sends])
            }
            out += table.render() + "\n"
        }
        let counts = plan.layerCounts(tierCount: instance.tiers.count)
        for k in instance.tiers.indices {
            out += "\(instance.tiers[k].name) compute".padded(22) + UnitFormat.duration(report.computeSeconds[k]) + "  (\(counts[k]) layers)\n"
        }
        for k in instance.links.indices {
            let n = report.transfers.filter { $0.link == k }.count
            out += "\(instance.tiers[k].name) -> \(instance.tiers[k + 1].name) uplink".padded(22) + UnitFormat.duration(report.uplinkSeconds[k]) +
                "  (\(UnitFormat.bytes(report.uplinkBytes[k])) in \(n) tensor\(n == 1 ? "" : "s"))\n"
            if report.downlinkSeconds[k] > 0 {
                out += "\(instance.tiers[k + 1].name) -> \(instance.tiers[k].name) result".padded(22) + UnitFormat.duration(report.downlinkSeconds[k]) + "\n"
            }
        }
        out += "latency".padded(22) + UnitFormat.duration(report.latency) + "\n"
        out += "bottleneck stage".padded(22) + UnitFormat.duration(report.bottleneck) +
            "  (throughput \(UnitFormat.fixed(report.throughput, 2)) frames/s)\n"
        if !report.feasible {
            out += "\nINFEASIBLE: \(report.violations.count) violation(s)\n"
            for v in report.violations { out += "  - \(v.message)\n" }
        }
        return out
    }
}

extension String {
    /// The string padded with spaces to `width` columns (one space more when it is longer).
    public func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
