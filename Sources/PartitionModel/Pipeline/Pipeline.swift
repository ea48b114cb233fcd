/// P7: a network cut into a pipeline of stages over K heterogeneous devices (PipeEdge, DNNPipe, EdgePipe).
///
/// The layers are taken in one topological order (the graph's). A plan cuts that order into
/// consecutive ranges, the stages, each run by a different device; devices may stay idle. The
/// input is on device 0, so the first stage is device 0's (it may hold the input layer alone and
/// only forward it). Every tensor produced before a stage boundary and read after it crosses
/// that boundary, forwarded from the stage's device to the next stage's over the link between
/// them (bandwidth matrix, bytes/s). Stage compute is the cost model's estimate on the stage's
/// device. Frames are pipelined: the period is the largest stage compute or boundary transfer
/// (links and devices are separate resources), the latency their sum. Memory: a device holds its
/// stage's weights (and, with `activationMemory`, the largest working set of one of its layers),
/// at most its capacity.
public struct PipelineProblem: PartitionProblem {
    /// What to minimise.
    public enum Objective: String, Sendable, CaseIterable {
        /// Seconds between frames in steady state: the slowest stage or transfer.
        case period
        /// Seconds of one frame: every stage and every transfer.
        case latency
    }

    /// The network.
    public let graph: LayerGraph
    /// The devices, device 0 holding the input.
    public let devices: [ClusterDevice]
    /// bandwidth[a][b]: bytes/s from device a to device b.
    public let bandwidth: [[Double]]
    /// The objective.
    public let objective: Objective
    /// Whether a device's memory also holds the largest working set of its layers.
    public let activationMemory: Bool
    /// A name for reports.
    public let name: String
    /// The layers in the order stages cut (a topological order).
    public let order: [Int]
    /// seconds[d][v]: layer v (a graph index) on device d, the cost model's estimate.
    public let seconds: [[Double]]

    /// P7 for `graph` on `devices`; `bandwidth` defaults to min(b_a, b_b) (a switch joining the devices' links).
    public init(graph: LayerGraph, devices: [ClusterDevice], bandwidth: [[Double]]? = nil, objective: Objective = .period,
                activationMemory: Bool = false, name: String = "pipeline") {
        self.graph = graph
        self.devices = devices
        self.bandwidth = bandwidth ?? devices.map { a in devices.map { b in min(a.bandwidth, b.bandwidth) } }
        self.objective = objective
        self.activationMemory = activationMemory
        self.name = name
        order = graph.topologicalOrder
        seconds = devices.map { d in graph.layers.indices.map { CostModel.estimate(layer: $0, graph: graph, device: d.device) } }
    }

    /// P7.
    public static let kind = ProblemKind.pipeline

    /// The plan's period or latency, with each stage's and boundary's seconds.
    public func verify(_ plan: PipelinePlan) -> Verdict<PipelineReport> {
        let r = PipelineVerifier.verify(plan, problem: self)
        return Verdict(objective: objective == .period ? r.period : r.latency, violations: r.violations, figures: r)
    }

    /// Stages and transfers as lanes; three frames in steady state for the period, one frame for latency.
    public func schedule(_ plan: PipelinePlan, verdict: Verdict<PipelineReport>) -> Schedule {
        PipelineSchedule.make(verdict.figures, problem: self)
    }
}

/// A P7 plan: consecutive ranges of the problem's order, each on one device.
public struct PipelinePlan: Sendable, Equatable {
    /// One stage: `device` runs positions `first...last` of the order.
    public struct Stage: Sendable, Equatable {
        /// The device (an index into the problem's devices).
        public var device: Int
        /// The first position of the range.
        public var first: Int
        /// The last position of the range.
        public var last: Int
        /// Positions `first...last` on `device`.
        public init(device: Int, first: Int, last: Int) {
            (self.device, self.first, self.last) = (device, first, last)
        }
    }

    /// The stages in pipeline order.
    public var stages: [Stage]
    /// The topological order the stages cut, when not the problem's (a plan of a DAG may group
    /// layers that the problem's order interleaves); graph indices.
    public var order: [Int]?

    /// A plan of `stages` over the problem's order, or over `order` (a topological order of the graph).
    public init(stages: [Stage], order: [Int]? = nil) {
        self.stages = stages
        self.order = order
    }
}

/// What a P7 plan costs, recomputed from the definitions.
public struct PipelineReport: Sendable {
    /// Every broken constraint.
    public let violations: [Violation]
    /// Seconds each stage computes per frame.
    public let stageSeconds: [Double]
    /// Seconds of each boundary's transfer (stage s to s + 1) per frame.
    public let transferSeconds: [Double]
    /// Bytes crossing each boundary.
    public let transferBytes: [Double]
    /// Bytes each stage's device holds.
    public let memoryBytes: [Double]
    /// The slowest stage or transfer: seconds between frames.
    public let period: Double
    /// One frame end to end.
    public let latency: Double
    /// The stages judged (for the schedule).
    public let stages: [PipelinePlan.Stage]
    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
}

/// The judge of P7 plans, independent of every solver.
///
/// - Complexity: O(V + E + S) for S stages.
public enum PipelineVerifier {
    /// Checks `plan` and recomputes its stages, transfers, memory, period and latency.
    public static func verify(_ plan: PipelinePlan, problem p: PipelineProblem) -> PipelineReport {
        let n = p.order.count, k = p.devices.count
        let order = plan.order ?? p.order
        var violations: [Violation] = []
        func fail(_ kind: String, _ message: String) -> PipelineReport {
            PipelineReport(violations: violations + [Violation(kind: kind, message: message)], stageSeconds: [], transferSeconds: [],
                           transferBytes: [], memoryBytes: [], period: .infinity, latency: .infinity, stages: plan.stages)
        }
        guard let first = plan.stages.first else { return fail("empty", "the plan has no stage") }
        guard first.device == 0 else { return fail("input-not-pinned", "the first stage runs on device \(first.device); the input is on device 0") }
        var expected = 0, used = Set<Int>()
        for (s, st) in plan.stages.enumerated() {
            guard (0..<k).contains(st.device) else { return fail("unknown-device", "stage \(s): device \(st.device) does not exist (\(k) devices)") }
            guard used.insert(st.device).inserted else { return fail("device-twice", "stage \(s): device \(p.devices[st.device].name) runs two stages") }
            guard st.first == expected, st.last >= st.first, st.last < n else {
                return fail("not-contiguous", "stage \(s) covers positions \(st.first)…\(st.last); it must start at \(expected) and end before \(n)")
            }
            expected = st.last + 1
        }
        guard expected == n else { return fail("uncovered", "the stages end at position \(expected - 1); the network has \(n) layers") }
        let g = p.graph
        guard order.count == n, Set(order) == Set(0..<n) else { return fail("bad-order", "the plan's order is not a permutation of the \(n) layers") }
        var position = [Int](repeating: 0, count: n)
        for (i, v) in order.enumerated() { position[v] = i }
        if let (u, v) = g.edges.first(where: { position[$0.0] > position[$0.1] }) {
            return fail("bad-order", "the plan's order puts \(g.layers[v].id) before its input \(g.layers[u].id)")
        }
        var stageSeconds: [Double] = [], memory: [Double] = []
        for st in plan.stages {
            stageSeconds.append((st.first...st.last).reduce(0) { $0 + p.seconds[st.device][order[$1]] })
            var weights = 0.0, peak = 0.0
            for i in st.first...st.last {
                let v = order[i]
                weights += g.layers[v].weightBytes
                if p.activationMemory, v != g.inputIndex {
                    peak = max(peak, g.workingSetBytes(v))
                }
            }
            memory.append(weights + peak)
        }
        var bytes: [Double] = [], transfer: [Double] = []
        for s in 0..<(plan.stages.count - 1) {
            let cut = plan.stages[s].last
            // Every tensor produced at or before the cut and read after it.
            let live = (0...cut).filter { i in g.successors[order[i]].contains { position[$0] > cut } }
            let b = live.reduce(0.0) { $0 + g.layers[order[$1]].outputBytes }
            bytes.append(b)
            transfer.append(b / p.bandwidth[plan.stages[s].device][plan.stages[s + 1].device])
        }
        for (s, st) in plan.stages.enumerated() {
            if let cap = p.devices[st.device].device.memoryCapacity, memory[s] > cap {
                violations.append(Violation(kind: "memory", message: "stage \(s) on \(p.devices[st.device].name) holds \(UnitFormat.bytes(memory[s])), it has \(UnitFormat.bytes(cap))"))
            }
        }
        let period = max(stageSeconds.max() ?? 0, transfer.max() ?? 0)
        let latency = stageSeconds.reduce(0, +) + transfer.reduce(0, +)
        return PipelineReport(violations: violations, stageSeconds: stageSeconds, transferSeconds: transfer, transferBytes: bytes,
                              memoryBytes: memory, period: period, latency: latency, stages: plan.stages)
    }
}

/// The schedule of a P7 plan: one lane per stage's device and one per boundary's link.
///
/// For latency, one frame flows stage, transfer, stage, …; the last bar ends at the latency and
/// every bar is critical. For the period, three frames in steady state: frame f enters lane j
/// at f·period plus the time the frame needs to reach it, the lane whose time is the period critical.
///
/// - Complexity: O(S) bars per frame.
public enum PipelineSchedule {
    /// The schedule of `report`'s plan on `problem`.
    public static func make(_ r: PipelineReport, problem p: PipelineProblem) -> Schedule {
        let model = p.objective == .latency ? "one frame: each stage, then its transfer to the next"
                                            : "steady state: a frame enters every period; the slowest stage or transfer sets the period"
        guard r.period.isFinite, !r.stageSeconds.isEmpty else { return .empty(model) }
        var lanes: [Schedule.Lane] = []
        for (s, st) in r.stages.enumerated() {
            lanes.append(.init(name: "stage \(s + 1): \(p.devices[st.device].name)", kind: .compute))
            if s + 1 < r.stages.count { lanes.append(.init(name: "\(p.devices[st.device].name) -> \(p.devices[r.stages[s + 1].device].name)", kind: .link)) }
        }
        var durations: [Double] = []
        for j in lanes.indices { durations.append(j % 2 == 0 ? r.stageSeconds[j / 2] : r.transferSeconds[j / 2]) }
        var bars: [Schedule.Bar] = []
        let frames = p.objective == .latency ? 1 : 3
        let latency = p.objective == .latency
        for f in 0..<frames {
            var t = latency ? 0 : Double(f) * r.period
            for (j, d) in durations.enumerated() {
                if d > 0 {
                    let critical = latency || d == r.period
                    bars.append(Schedule.Bar(lane: j, label: "frame \(f + 1)", start: t, end: t + d, critical: critical))
                }
                t += d
            }
        }
        return Schedule(model: model, lanes: lanes, bars: bars, period: p.objective == .period ? r.period : nil)
    }
}
