/// The schedules of tier-assignment plans (P1–P3), timed as ``TierPlanVerifier`` costs them.
///
/// - Latency (P1, P3): one frame, one thing at a time. Tier 0 runs its layers in topological
///   order, then link 0 carries every tensor that crosses it, then tier 1 runs, and so on; the
///   result comes back down last. The frame ends at the verifier's latency (the sum of every
///   compute and transfer). Since everything is in sequence, the marked critical path is the
///   longest chain of data dependencies (layers and the transfers between them): the latency an
///   engine that overlapped independent work could not go below.
/// - Throughput (P2): a pipeline of `frames` frames through the stages tier 0, link 0, tier 1, …,
///   downlinks; frame f enters a stage when it has left the previous stage and frame f − 1 has
///   left this one. The bottleneck stage's bars are marked critical: they set the period.
///
/// - Complexity: O(V + E + V·links).
public enum TierSchedule {
    /// The schedule a tier problem's objective is about: the pipeline for throughput, one frame otherwise.
    public static func of(_ plan: TierAssignment, instance: Instance, report: TierPlanReport, kind: ProblemKind) -> Schedule {
        kind == .throughput ? pipeline(plan, instance: instance, report: report) : latency(plan, instance: instance, report: report)
    }

    /// The latency schedule of one frame (empty when the plan is malformed or its cost is not finite).
    public static func latency(_ plan: TierAssignment, instance: Instance, report: TierPlanReport) -> Schedule {
        let model = "sequential: one frame, tier by tier and link by link, one thing at a time; critical = the longest chain of data dependencies"
        guard let tier = validTiers(plan, instance: instance, report: report) else { return .empty(model) }
        let (lanes, compute, up, down) = laneIndices(instance)
        let g = instance.graph
        var items: [(lane: Int, label: String, seconds: Double, detail: String?)] = []
        for k in instance.tiers.indices {
            for v in g.topologicalOrder where tier[v] == k {
                items.append((compute[k], g.layers[v].id, instance.cost.seconds[k][v], "\(g.layers[v].op.rawValue), \(UnitFormat.count(g.layers[v].flops)) FLOPs"))
            }
            guard k < instance.links.count else { continue }
            for t in report.transfers where t.link == k {
                items.append((up[k], t.layer, t.seconds, "\(UnitFormat.bytes(t.bytes)) of \(t.layer)'s output"))
            }
        }
        for k in instance.links.indices.reversed() where report.downlinkSeconds[k] > 0 {
            items.append((down[k], "result", report.downlinkSeconds[k], nil))
        }
        var bars = Schedule.sequential(items)
        markChain(&bars, tier: tier, instance: instance, lanes: (compute, up, down), report: report)
        return Schedule(model: model, lanes: lanes, bars: bars)
    }

    /// The pipeline schedule of `frames` consecutive frames (empty when the plan is malformed).
    public static func pipeline(_ plan: TierAssignment, instance: Instance, report: TierPlanReport, frames: Int = 3) -> Schedule {
        let model = "pipeline: \(frames) frames through the stages; critical = the bottleneck stage, which sets the period"
        guard validTiers(plan, instance: instance, report: report) != nil, frames >= 1 else { return .empty(model) }
        let (lanes, compute, up, down) = laneIndices(instance)
        var stages: [(lane: Int, seconds: Double)] = []
        for k in instance.tiers.indices {
            stages.append((compute[k], report.computeSeconds[k]))
            if k < instance.links.count { stages.append((up[k], report.uplinkSeconds[k])) }
        }
        for k in instance.links.indices.reversed() where down[k] >= 0 { stages.append((down[k], report.downlinkSeconds[k])) }
        let slowest = stages.map(\.seconds).max() ?? 0
        var bars: [Schedule.Bar] = []
        var leftStage = [Double](repeating: 0, count: stages.count)
        for f in 1...frames {
            var ready = 0.0
            for (s, stage) in stages.enumerated() {
                let start = max(ready, leftStage[s])
                ready = start + stage.seconds
                leftStage[s] = ready
                bars.append(Schedule.Bar(lane: stage.lane, label: "frame \(f)", start: start, end: ready, critical: stage.seconds == slowest && slowest > 0))
            }
        }
        return Schedule(model: model, lanes: lanes, bars: bars, period: slowest)
    }

    /// The plan's tiers when it is well formed and its cost finite (nil otherwise).
    static func validTiers(_ plan: TierAssignment, instance: Instance, report: TierPlanReport) -> [Int]? {
        guard plan.tierOfLayer.count == instance.graph.count, report.latency.isFinite,
              plan.tierOfLayer.allSatisfy({ instance.tiers.indices.contains($0) }) else { return nil }
        return plan.tierOfLayer
    }

    /// The lanes (each tier's compute, each link's uplink, each link's downlink when results
    /// return) and the lane index of each; a downlink index is −1 without results.
    static func laneIndices(_ instance: Instance) -> (lanes: [Schedule.Lane], compute: [Int], up: [Int], down: [Int]) {
        var lanes: [Schedule.Lane] = []
        var compute: [Int] = [], up: [Int] = [], down: [Int] = []
        let names = instance.tiers.map(\.name)
        for k in names.indices {
            compute.append(lanes.count)
            lanes.append(.init(name: names[k], kind: .compute))
            if k + 1 < names.count {
                up.append(lanes.count)
                lanes.append(.init(name: "\(names[k]) -> \(names[k + 1])", kind: .link))
            }
        }
        for k in instance.links.indices {
            if instance.problem.resultBytes != nil {
                down.append(lanes.count)
                lanes.append(.init(name: "\(names[k + 1]) -> \(names[k]) result", kind: .link))
            } else {
                down.append(-1)
            }
        }
        return (lanes, compute, up, down)
    }

    /// Marks the longest chain of data dependencies: layers, the transfers of each chain edge's
    /// tensor over the links it crosses, and the result's way back down.
    static func markChain(_ bars: inout [Schedule.Bar], tier: [Int], instance: Instance,
                          lanes: (compute: [Int], up: [Int], down: [Int]), report: TierPlanReport) {
        let g = instance.graph
        let crossings = TierPlanReport.Crossings(report)
        func hop(_ u: Int, _ v: Int) -> Double { crossings.crossing(g.layers[u].id, from: tier[u], to: tier[v]).seconds }
        var finish = [Double](repeating: 0, count: g.count), via = [Int](repeating: -1, count: g.count)
        for v in g.topologicalOrder {
            var ready = 0.0
            for u in g.predecessors[v] where finish[u] + hop(u, v) >= ready {
                (ready, via[v]) = (finish[u] + hop(u, v), u)
            }
            finish[v] = ready + instance.cost.seconds[tier[v]][v]
        }
        guard var v = g.sinks.max(by: { finish[$0] < finish[$1] }) else { return }
        var onChain: Set<String> = []
        while v >= 0 {
            onChain.insert("c\(tier[v]):\(g.layers[v].id)")
            if via[v] >= 0 {
                for k in tier[via[v]]..<max(tier[via[v]], tier[v]) { onChain.insert("u\(k):\(g.layers[via[v]].id)") }
            }
            v = via[v]
        }
        for i in bars.indices {
            let b = bars[i]
            if let k = lanes.compute.firstIndex(of: b.lane), onChain.contains("c\(k):\(b.label)") { bars[i].critical = true }
            if let k = lanes.up.firstIndex(of: b.lane), onChain.contains("u\(k):\(b.label)") { bars[i].critical = true }
            if lanes.down.contains(b.lane) { bars[i].critical = true }
        }
    }
}
