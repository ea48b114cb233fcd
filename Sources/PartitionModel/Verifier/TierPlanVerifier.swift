/// One broken constraint of a tier-assignment plan.
public struct TierPlanViolation: Sendable, Equatable, CustomStringConvertible {
    /// The kind of constraint broken.
    public enum Kind: String, Sendable {
        /// The input layer is not on tier 0.
        case inputNotPinned = "input-not-pinned"
        /// An edge u → v goes from a higher tier to a lower one (data would come back down).
        case closure
        /// A tier index outside the instance's tiers.
        case unknownTier = "unknown-tier"
        /// The plan's length differs from the graph's.
        case wrongSize = "wrong-size"
        /// The plan's cost is infinite or undefined (an instance built in code outside the reader's limits).
        case unboundedCost = "unbounded-cost"
        /// A tier holds more than its device's memory capacity.
        case memory
    }

    /// Which constraint.
    public let kind: Kind
    /// The layer concerned (for a closure violation: the edge's head v).
    public let layer: String?
    /// The edge concerned, as (from, to) layer ids.
    public let edge: (from: String, to: String)?
    /// The violation in words: what, where, and by how much.
    public let message: String

    public static func == (a: TierPlanViolation, b: TierPlanViolation) -> Bool {
        a.kind == b.kind && a.layer == b.layer && a.edge?.from == b.edge?.from && a.edge?.to == b.edge?.to
    }

    /// The message, for printing.
    public var description: String { message }
}

/// What a tier-assignment plan costs, recomputed from FORMULATIONS P1–P3.
public struct TierPlanReport: Sendable {
    /// One tensor sent over one link.
    public struct Transfer: Sendable {
        /// The layer whose output crosses the link.
        public let layer: String
        /// The link crossed (k joins tier k and k + 1).
        public let link: Int
        /// Bytes sent.
        public let bytes: Double
        /// Seconds.
        public let seconds: Double
    }

    /// One stage of the pipeline (a tier's compute, or one direction of a link).
    public struct Stage: Sendable {
        /// The stage: a tier's compute or a link's transfer.
        public let name: String
        /// Seconds.
        public let seconds: Double
    }

    /// Every broken constraint (empty when feasible).
    public let violations: [TierPlanViolation]
    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
    /// Seconds of compute on each tier.
    public let computeSeconds: [Double]
    /// Seconds spent sending tensors up each link.
    public let uplinkSeconds: [Double]
    /// Bytes sent up each link.
    public let uplinkBytes: [Double]
    /// Seconds spent returning the result down each link (0 without `resultBytes`).
    public let downlinkSeconds: [Double]
    /// Every tensor sent, in layer order.
    public let transfers: [Transfer]
    /// Latency of one frame: all compute plus all transfers (P1 and P3 objective).
    public let latency: Double
    /// Pipeline stages: compute per tier, uplink per link, downlink per link when results return.
    public let stages: [Stage]
    /// The slowest stage's time T(x) (P2 objective).
    public let bottleneck: Double
    /// Frames per second the pipeline sustains: 1 / bottleneck.
    public var throughput: Double { bottleneck > 0 ? 1 / bottleneck : .infinity }
    /// Bytes each tier holds: the weights of its layers and, with `activationMemory`, the largest
    /// working set (inputs + output) of one of them.
    public var memoryBytes: [Double] = []
    /// Joules each tier spends on one frame (0 for a tier without power figures; ``TierObjective``).
    public var energyJoules: [Double] = []
    /// Joules of one frame over every tier.
    public var energy: Double { energyJoules.reduce(0, +) }
    /// The objective P1 and P3 minimise (the instance's `problem.objective`).
    public var objective = TierObjective.latency
    /// The objective's value for this plan: latency, energy or latency + λ·energy.
    public var score: Double { objective.value(latency: latency, energy: energy) }
}

/// The judge of tier-assignment plans: checks constraints and recomputes objectives from the definitions.
///
/// It reads only the instance (graph, cost table, links) and walks the
/// definitions of FORMULATIONS literally, layer by layer and link by link; it
/// shares no code with any solver. Violations are listed, never thrown: the
/// objective is still computed for an infeasible plan so a user sees what it
/// would cost.
///
/// - Complexity: O(V + E + V·links).
public enum TierPlanVerifier {
    /// Checks `plan` on `instance` and recomputes latency, the pipeline stages, throughput and bytes per link.
    ///
    /// - Complexity: O(V + E).
    public static func verify(_ plan: TierAssignment, instance: Instance) -> TierPlanReport {
        let graph = instance.graph
        let tierCount = instance.tiers.count
        let linkCount = instance.links.count
        var violations: [TierPlanViolation] = []
        guard plan.tierOfLayer.count == graph.count else {
            let v = TierPlanViolation(kind: .wrongSize, layer: nil, edge: nil,
                                      message: "the plan places \(plan.tierOfLayer.count) layers, the graph has \(graph.count)")
            var r = TierPlanReport(violations: [v], computeSeconds: Array(repeating: .nan, count: tierCount),
                                   uplinkSeconds: Array(repeating: .nan, count: linkCount),
                                   uplinkBytes: Array(repeating: .nan, count: linkCount),
                                   downlinkSeconds: Array(repeating: .nan, count: linkCount), transfers: [],
                                   latency: .nan, stages: [], bottleneck: .nan)
            r.objective = instance.problem.objective ?? .latency
            r.energyJoules = Array(repeating: .nan, count: tierCount)
            return r
        }
        // Clamp unknown tiers so the costs can still be shown; they are reported as violations.
        var tier = plan.tierOfLayer
        for v in graph.layers.indices where !(0..<tierCount).contains(tier[v]) {
            violations.append(TierPlanViolation(kind: .unknownTier, layer: graph.layers[v].id, edge: nil,
                                                message: "layer \"\(graph.layers[v].id)\" is on tier \(tier[v]), the instance has tiers 0..<\(tierCount)"))
            tier[v] = min(max(tier[v], 0), tierCount - 1)
        }
        let input = graph.inputIndex
        if tier[input] != 0 {
            violations.append(TierPlanViolation(kind: .inputNotPinned, layer: graph.layers[input].id, edge: nil,
                                                message: "the input layer \"\(graph.layers[input].id)\" must run on tier \"\(instance.tiers[0].name)\", not \"\(instance.tiers[tier[input]].name)\""))
        }
        for v in graph.layers.indices {
            for u in graph.predecessors[v] where tier[u] > tier[v] {
                let a = graph.layers[u].id, b = graph.layers[v].id
                violations.append(TierPlanViolation(
                    kind: .closure, layer: b, edge: (a, b),
                    message: "edge \(a) -> \(b) goes down from tier \"\(instance.tiers[tier[u]].name)\" to \"\(instance.tiers[tier[v]].name)\": nothing comes back down"))
            }
        }

        var compute = [Double](repeating: 0, count: tierCount)
        for v in graph.layers.indices {
            compute[tier[v]] += instance.cost.seconds[tier[v]][v]
        }
        // A layer's output crosses link k once when tier(v) ≤ k < max tier of its successors.
        var upSeconds = [Double](repeating: 0, count: linkCount)
        var upBytes = [Double](repeating: 0, count: linkCount)
        var transfers: [TierPlanReport.Transfer] = []
        for v in graph.layers.indices {
            var highest = tier[v]
            for w in graph.successors[v] { highest = max(highest, tier[w]) }
            var k = tier[v]
            while k < highest {
                let bytes = graph.layers[v].outputBytes
                let t = instance.links[k].latency + bytes / instance.links[k].bandwidth
                upSeconds[k] += t
                upBytes[k] += bytes
                transfers.append(.init(layer: graph.layers[v].id, link: k, bytes: bytes, seconds: t))
                k += 1
            }
        }
        // The result comes back from the highest tier holding a sink, over every link below it.
        var downSeconds = [Double](repeating: 0, count: linkCount)
        if let resultBytes = instance.problem.resultBytes {
            let top = graph.sinks.map { tier[$0] }.max() ?? 0
            for k in 0..<top {
                downSeconds[k] = instance.links[k].latency + resultBytes / instance.links[k].downlinkBandwidth
            }
        }
        let latency = compute.reduce(0, +) + upSeconds.reduce(0, +) + downSeconds.reduce(0, +)

        var stages: [TierPlanReport.Stage] = []
        for k in 0..<tierCount { stages.append(.init(name: "\(instance.tiers[k].name) compute", seconds: compute[k])) }
        for k in 0..<linkCount {
            stages.append(.init(name: "\(instance.tiers[k].name)->\(instance.tiers[k + 1].name) uplink", seconds: upSeconds[k]))
        }
        if instance.problem.resultBytes != nil {
            for k in 0..<linkCount {
                stages.append(.init(name: "\(instance.tiers[k + 1].name)->\(instance.tiers[k].name) downlink", seconds: downSeconds[k]))
            }
        }
        let bottleneck = stages.map(\.seconds).max() ?? 0
        if !latency.isFinite {
            // The reader's limits keep every cost finite; an instance built in code may not be.
            violations.append(TierPlanViolation(kind: .unboundedCost, layer: nil, edge: nil,
                                                message: "the plan's latency is \(latency) s: a time, size or bandwidth is outside the documented limits"))
        }
        let memory = memoryBytes(tier, instance: instance)
        for k in instance.tiers.indices {
            guard let cap = instance.tiers[k].device?.memoryCapacity, memory[k] > cap else { continue }
            violations.append(TierPlanViolation(kind: .memory, layer: nil, edge: nil,
                                                message: "tier \"\(instance.tiers[k].name)\" holds \(UnitFormat.bytes(memory[k])) (\(memory[k]) B), its device has \(UnitFormat.bytes(cap)) (\(cap) B)"))
        }
        var report = TierPlanReport(violations: violations, computeSeconds: compute, uplinkSeconds: upSeconds, uplinkBytes: upBytes,
                                    downlinkSeconds: downSeconds, transfers: transfers, latency: latency, stages: stages,
                                    bottleneck: bottleneck)
        report.objective = instance.problem.objective ?? .latency
        report.energyJoules = energy(instance, report: report)
        report.memoryBytes = memory
        return report
    }

    /// Each tier's bytes: Σ weights of its layers, plus with `activationMemory` the largest inputs + output of one of its layers.
    static func memoryBytes(_ tier: [Int], instance: Instance) -> [Double] {
        let g = instance.graph
        var weights = [Double](repeating: 0, count: instance.tiers.count), peak = weights
        for v in g.layers.indices {
            weights[tier[v]] += g.layers[v].weightBytes
            if instance.problem.activationMemory == true, v != g.inputIndex {
                peak[tier[v]] = max(peak[tier[v]], g.workingSetBytes(v))
            }
        }
        return zip(weights, peak).map { $0 + $1 }
    }

    /// Each tier's joules for the frame of `report`: compute power × its compute, its radio's
    /// transmit power × its uplink seconds and receive power × its downlink seconds, and with the
    /// idle option its idle power × the rest of the latency.
    static func energy(_ instance: Instance, report r: TierPlanReport) -> [Double] {
        let idle = (instance.problem.objective ?? .latency).idle
        return instance.tiers.indices.map { k in
            let device = instance.tiers[k].device
            let link = k < instance.links.count ? instance.links[k] : nil
            let up = k < r.uplinkSeconds.count ? r.uplinkSeconds[k] : 0, down = k < r.downlinkSeconds.count ? r.downlinkSeconds[k] : 0
            var joules = (device?.computeWatts ?? 0) * r.computeSeconds[k]
            joules += (link?.transmitWatts ?? 0) * up + (link?.receiveWatts ?? 0) * down
            if idle {
                // The rest of the frame, summed rather than subtracted from the latency (no cancellation).
                var waiting = 0.0
                for j in instance.tiers.indices where j != k { waiting += r.computeSeconds[j] }
                for l in instance.links.indices where l != k { waiting += r.uplinkSeconds[l] + r.downlinkSeconds[l] }
                joules += (device?.idleWatts ?? 0) * waiting
            }
            return joules
        }
    }
}

extension TierPlanReport {
    /// The report's transfers by layer and link: what a cut edge sends over the links it crosses
    /// (the graph pictures and the schedule's critical chain read it).
    public struct Crossings: Sendable {
        private let sent: [String: (bytes: Double, seconds: Double)]

        /// The index of `report`'s transfers.
        public init(_ report: TierPlanReport) {
            var sent: [String: (bytes: Double, seconds: Double)] = [:]
            for t in report.transfers { sent["\(t.layer)@\(t.link)"] = (t.bytes, t.seconds) }
            self.sent = sent
        }

        /// Layer `id`'s output from tier `a` up to tier `b`: its size and the seconds of the links
        /// it crosses ((0, 0) when b ≤ a).
        public func crossing(_ id: String, from a: Int, to b: Int) -> (bytes: Double, seconds: Double) {
            var bytes = 0.0, seconds = 0.0
            for k in a..<max(a, b) {
                if let s = sent["\(id)@\(k)"] { (bytes, seconds) = (max(bytes, s.bytes), seconds + s.seconds) }
            }
            return (bytes, seconds)
        }
    }
}
