import PartitionModel

/// The P7 baselines: PipeEdge's device ordering, an even split by FLOPs, the best two-device split, one device.
///
/// - ``pipeEdge(_:)``: PipeEdge partitions contiguous layer ranges over the devices in a fixed
///   order; here device 0 (the input's) first, then the others by falling conv speed, and the
///   DP chooses the ranges for that order (idle devices allowed at the end). O(n²·K).
/// - ``evenFLOPs(_:)``: K stages of about equal FLOPs in that same device order (a common
///   baseline that ignores speeds and links). O(n).
/// - best two-device split: ``PipelineDP`` with at most two stages.
///
/// - Complexity: as each says.
public enum PipelineHeuristics {
    /// Device 0, then the others by falling conv speed.
    static func speedOrder(_ p: PipelineProblem) -> [Int] {
        [0] + p.devices.indices.dropFirst().sorted { p.devices[$0].device.flopsPerSecond(for: .conv) > p.devices[$1].device.flopsPerSecond(for: .conv) }
    }

    /// PipeEdge's ordering with the best ranges for it.
    public static func pipeEdge(_ p: PipelineProblem) -> SolveResult<PipelinePlan> {
        PipelineDP.solve(p, order: speedOrder(p), name: "pipeedge")
    }

    /// One stage per device in speed order, each taking about 1/K of the FLOPs.
    public static func evenFLOPs(_ p: PipelineProblem) -> PipelinePlan {
        let order = speedOrder(p), n = p.order.count
        let flops = p.order.map { p.graph.layers[$0].flops }, total = flops.reduce(0, +)
        var stages: [PipelinePlan.Stage] = [], start = 0, acc = 0.0
        for (s, d) in order.enumerated() where start < n {
            if s == order.count - 1 { stages.append(.init(device: d, first: start, last: n - 1)); start = n; break }
            let target = total * Double(s + 1) / Double(order.count)
            var end = start
            while end < n - 1 && acc + flops[end] <= target { acc += flops[end]; end += 1 }
            if end == start { acc += flops[end] } else { end -= 1 }
            stages.append(.init(device: d, first: start, last: end))
            start = end + 1
        }
        return PipelinePlan(stages: stages)
    }
}

extension PipelineProblem: SolvableProblem {
    /// P7's solvers.
    public static var solvers: [Solver<PipelineProblem>] {
        let cost: @Sendable (PipelineProblem, PipelinePlan) -> Double = { p, plan in
            let t = StageTable(p), stages = plan.stages
            let compute = stages.map { t.compute($0.device, $0.first, $0.last) }
            let hops = zip(stages, stages.dropFirst()).map { t.transfer($0.last, from: $0.device, to: $1.device) }
            return p.objective == .period ? max(compute.max() ?? 0, hops.max() ?? 0) : compute.reduce(0, +) + hops.reduce(0, +)
        }
        return [
            Solver(name: PipelineDP.name, summary: "exact DP over ranges × ordered device subsets (FORMULATIONS P7)", exact: true,
                   refusal: PipelineDP.refusal) { p, o in
                PipelineDP.solve(p, options: o.milp)
            },
            Solver(name: PipelineMILP.name, summary: "exact MILP over every closed grouping of a DAG's layers into ordered stages", exact: true,
                   refusal: { p in
                       p.graph.count * p.devices.count * p.devices.count > PipelineMILP.maxSize
                           ? "the MILP takes layers × devices² ≤ \(PipelineMILP.maxSize) (\(p.graph.count) × \(p.devices.count)²); the DP is exact on chains and on the order's pipelines"
                           : nil
                   }) { p, o in PipelineMILP.solve(p, options: o.milp) },
            Solver(name: "pipeedge", summary: "PipeEdge: device 0, then by falling speed; the best ranges for that order", exact: false) { p, _ in
                PipelineHeuristics.pipeEdge(p)
            },
            .heuristic("even-flops", summary: "one stage per device in speed order, equal FLOPs each", cost: cost) { p, _ in
                PipelineHeuristics.evenFLOPs(p)
            },
            Solver(name: "best-two", summary: "the best split over at most two devices", exact: false) { p, _ in
                PipelineDP.solve(p, maxStages: 2, name: "best-two")
            },
            .heuristic("single", summary: "every layer on device 0", cost: cost) { p, _ in
                PipelinePlan(stages: [.init(device: 0, first: 0, last: p.order.count - 1)])
            },
        ]
    }
}
