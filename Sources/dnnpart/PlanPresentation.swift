import PartitionModel

/// How tier-assignment plans and their verifier reports are shown (text and JSON).
enum PlanPresentation {
    /// The verifier's report as JSON (SI units).
    static func json(_ report: TierPlanReport, instance: Instance) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("feasible", .bool(report.feasible)),
            ("violations", .array(report.violations.map { v in
                var p: [(key: String, value: JSONValue)] = [("kind", .string(v.kind.rawValue))]
                if let l = v.layer { p.append(("layer", .string(l))) }
                if let e = v.edge { p.append(("edge", .array([.string(e.from), .string(e.to)]))) }
                p.append(("message", .string(v.message)))
                return .object(p)
            })),
        ]
        guard report.latency.isFinite else { return .object(pairs) }
        pairs.append(("latency", .double(report.latency)))
        pairs.append(("bottleneck", .double(report.bottleneck)))
        pairs.append(("throughput", .double(report.throughput)))
        if !report.throughput.isFinite {
            pairs.append(("throughputNote", .string("unbounded: every pipeline stage takes 0 s, so the frame rate has no limit (null above)")))
        }
        pairs.append(("stages", .array(report.stages.map { .object([("name", .string($0.name)), ("seconds", .double($0.seconds))]) })))
        pairs.append(("computeSeconds", .array(report.computeSeconds.map { .double($0) })))
        pairs.append(("links", .array(instance.links.indices.map { k in
            .object([("from", .string(instance.tiers[k].name)), ("to", .string(instance.tiers[k + 1].name)),
                     ("uplinkBytes", .double(report.uplinkBytes[k])), ("uplinkSeconds", .double(report.uplinkSeconds[k])),
                     ("downlinkSeconds", .double(report.downlinkSeconds[k]))])
        })))
        pairs.append(("transfers", .array(report.transfers.map {
            .object([("layer", .string($0.layer)), ("link", .int($0.link)), ("bytes", .double($0.bytes)), ("seconds", .double($0.seconds))])
        })))
        return .object(pairs)
    }

    /// A human-readable account of a plan: where each layer runs, what is sent, the stage times.
    static func text(_ plan: TierAssignment, report: TierPlanReport, instance: Instance, listLayers: Bool) -> String {
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
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
