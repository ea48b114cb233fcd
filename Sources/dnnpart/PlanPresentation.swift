import PartitionModel

/// How tier-assignment plans and their verifier reports are shown (text and JSON).
enum PlanPresentation {
    /// The verifier's report as JSON (SI units), with the plan's schedule when given.
    static func json(_ report: TierPlanReport, instance: Instance, schedule: Schedule? = nil) -> JSONValue {
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
        pairs.append(("energy", .double(report.energy)))
        pairs.append(("energyJoules", .array(report.energyJoules.map { .double($0) })))
        pairs.append(("links", .array(instance.links.indices.map { k in
            .object([("from", .string(instance.tiers[k].name)), ("to", .string(instance.tiers[k + 1].name)),
                     ("uplinkBytes", .double(report.uplinkBytes[k])), ("uplinkSeconds", .double(report.uplinkSeconds[k])),
                     ("downlinkSeconds", .double(report.downlinkSeconds[k]))])
        })))
        pairs.append(("transfers", .array(report.transfers.map {
            .object([("layer", .string($0.layer)), ("link", .int($0.link)), ("bytes", .double($0.bytes)), ("seconds", .double($0.seconds))])
        })))
        if let schedule { pairs.append(("schedule", schedule.json())) }
        return .object(pairs)
    }

    /// A human-readable account of a plan (``TierPlanText``).
    static func text(_ plan: TierAssignment, report: TierPlanReport, instance: Instance, listLayers: Bool) -> String {
        TierPlanText.text(plan, report: report, instance: instance, listLayers: listLayers)
    }
}
