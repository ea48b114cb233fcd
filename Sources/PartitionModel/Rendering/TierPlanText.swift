/// A tier plan as text for people: the stage times, the cut edges, the layer table, the violations.
///
/// The summary (compute per tier, transfers per link, latency and bottleneck) and the cut edges
/// (every tensor that crosses a link, with its bytes, time and the layers that read it on the
/// other side) come first; the per-layer table follows only when asked for, since a large graph
/// has hundreds of rows. The command line prints it after `solve` and `verify`; a Swift program
/// can print the same.
public enum TierPlanText {
    /// A human-readable account of a plan; `listLayers` adds the table of every layer.
    public static func text(_ plan: TierAssignment, report: TierPlanReport, instance: Instance, listLayers: Bool) -> String {
        var out = summary(plan, report: report, instance: instance)
        out += cutEdges(plan, report: report, instance: instance)
        if listLayers { out += "\n" + layerTable(plan, report: report, instance: instance) }
        if !report.feasible {
            out += "\nINFEASIBLE: \(report.violations.count) violation(s)\n"
            for v in report.violations { out += "  - \(v.message)\n" }
        }
        return out
    }

    /// Compute per tier, transfers per link, latency and bottleneck.
    public static func summary(_ plan: TierAssignment, report: TierPlanReport, instance: Instance) -> String {
        var out = ""
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
        let capped = instance.tiers.indices.filter { instance.tiers[$0].device?.memoryCapacity != nil && $0 < report.memoryBytes.count }
        if !capped.isEmpty {
            out += "memory".padded(22) + capped.map { k in
                "\(instance.tiers[k].name) \(UnitFormat.bytes(report.memoryBytes[k])) of \(UnitFormat.bytes(instance.tiers[k].device!.memoryCapacity!))"
            }.joined(separator: ", ") + (instance.problem.activationMemory == true ? " (weights + largest working set)" : " (weights)") + "\n"
        }
        if report.energyJoules.contains(where: { $0 > 0 }) {
            let perTier = instance.tiers.indices.filter { report.energyJoules[$0] > 0 }
                .map { "\(instance.tiers[$0].name) \(UnitFormat.energy(report.energyJoules[$0]))" }.joined(separator: ", ")
            out += "energy".padded(22) + UnitFormat.energy(report.energy) + "  (\(perTier)\(report.objective.idle ? ", idle power counted" : ""))\n"
        }
        return out
    }

    /// Every tensor sent over a link: producer, link, bytes, time, and its readers on higher tiers.
    public static func cutEdges(_ plan: TierAssignment, report: TierPlanReport, instance: Instance) -> String {
        guard !report.transfers.isEmpty else { return "\nno cut edges: every layer runs on one tier\n" }
        let g = instance.graph
        var table = TextTable(header: ["tensor", "link", "bytes", "time", "read by"], rightAligned: [2, 3])
        for t in report.transfers {
            let readers = (g.index[t.layer].map { u in g.successors[u].filter { plan.tierOfLayer[$0] > t.link } } ?? []).map { g.layers[$0].id }
            let shown = readers.prefix(4).joined(separator: ", ") + (readers.count > 4 ? " … (\(readers.count) layers)" : "")
            table.rows.append([t.layer, "\(instance.tiers[t.link].name) -> \(instance.tiers[t.link + 1].name)",
                               UnitFormat.bytes(t.bytes), UnitFormat.duration(t.seconds), shown])
        }
        return "\ncut edges (\(report.transfers.count) tensor\(report.transfers.count == 1 ? "" : "s") sent):\n" + table.render()
    }

    /// One row per layer in topological order: op, tier, time, what it sends.
    public static func layerTable(_ plan: TierAssignment, report: TierPlanReport, instance: Instance) -> String {
        let g = instance.graph
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
        return table.render()
    }
}

extension String {
    /// The string padded with spaces to `width` columns (one space more when it is longer).
    public func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
