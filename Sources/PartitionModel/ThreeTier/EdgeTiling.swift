/// D3's combined plan: a three-tier split whose edge tier is a cluster of edge nodes that tiles a
/// block of its convolutional layers (D3's vertical separation module, VSM).
public struct EdgeTilingPlan: Sendable, Equatable {
    /// The tier of every layer (device, edge, cloud).
    public var assignment: TierAssignment
    /// The edge layers run tiled: the first and last layer ids of a chain of conv/pool layers on
    /// the edge tier, with the tiling of that block over the edge nodes; nil: the edge runs every
    /// layer on its own node.
    public var block: (from: String, to: String)?
    /// The block's tiling over the edge nodes (nil with no block).
    public var tiling: TilingPlan?

    /// A combined plan: the tier assignment and, optionally, the tiled edge block.
    public init(assignment: TierAssignment, block: (from: String, to: String)? = nil, tiling: TilingPlan? = nil) {
        self.assignment = assignment
        self.block = block
        self.tiling = tiling
    }

    public static func == (a: EdgeTilingPlan, b: EdgeTilingPlan) -> Bool {
        a.assignment == b.assignment && a.block?.from == b.block?.from && a.block?.to == b.block?.to && a.tiling == b.tiling
    }
}

/// What a combined plan costs: the tier plan's figures with the edge block's tiled time in place
/// of its layers' single-node time.
public struct EdgeTilingReport: Sendable {
    /// The tier plan as ``TierPlanVerifier`` judges it (every layer on its tier's own node).
    public let tiers: TierPlanReport
    /// The block's tiling report (nil without a block).
    public let tiling: TilingReport?
    /// The layer indices of the tiled block (empty without one).
    public let blockLayers: [Int]
    /// Seconds the edge tier computes: its layers outside the block on its own node, plus the block's tiled makespan.
    public let edgeSeconds: Double
    /// One frame's latency: the tier plan's, with the edge compute replaced by ``edgeSeconds``.
    public let latency: Double
    /// Bytes over the backbone (the last link, edge → cloud).
    public let backboneBytes: Double
    /// Every broken constraint.
    public let violations: [Violation]
    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
}

/// The judge of combined plans, independent of every solver: the tier verifier for the split, the
/// tiling verifier for the block, and the rule that joins them.
///
/// The block must be a chain ``ConvBlock`` whose every layer runs on the edge tier (tier 1). Its
/// layers' single-node seconds on the edge are replaced by the tiling's makespan on the edge nodes
/// under `execution`; everything else is P3's latency (sum of all compute and transfers).
///
/// - Complexity: O(V + E + V·links) plus the tiling verifier's.
public enum EdgeTilingVerifier {
    /// Checks `plan` on `instance` with the edge nodes `edge` and recomputes its latency.
    /// The tiling's own mode (fused or layer-wise) is the one judged.
    public static func verify(_ plan: EdgeTilingPlan, instance: Instance, edge: [ClusterDevice],
                              execution: TilingExecution = TilingExecution()) -> EdgeTilingReport {
        let tiers = TierPlanVerifier.verify(plan.assignment, instance: instance)
        var violations = tiers.violations.map(\.violation)
        let backbone = tiers.uplinkBytes.last ?? 0
        guard instance.tiers.count >= 3 else {
            violations.append(Violation(kind: "tiers", message: "D3's plan needs three tiers (device, edge, cloud); the instance has \(instance.tiers.count)"))
            return EdgeTilingReport(tiers: tiers, tiling: nil, blockLayers: [], edgeSeconds: .nan, latency: .nan, backboneBytes: backbone, violations: violations)
        }
        guard let range = plan.block else {
            if plan.tiling != nil { violations.append(Violation(kind: "tiling-without-block", message: "the plan tiles no block but carries a tiling")) }
            return EdgeTilingReport(tiers: tiers, tiling: nil, blockLayers: [], edgeSeconds: tiers.computeSeconds[1], latency: tiers.latency,
                                    backboneBytes: backbone, violations: violations)
        }
        let g = instance.graph
        let block: ConvBlock
        do { block = try ConvBlock(graph: g, from: range.from, to: range.to) } catch {
            violations.append(Violation(kind: "block", message: "the edge block \(range.from)..\(range.to) is not tileable: \(error.reason)"))
            return EdgeTilingReport(tiers: tiers, tiling: nil, blockLayers: [], edgeSeconds: .nan, latency: .nan, backboneBytes: backbone, violations: violations)
        }
        let layers = block.stages.flatMap { $0.layers(in: g) }
        for v in layers where plan.assignment.tierOfLayer.indices.contains(v) && plan.assignment.tierOfLayer[v] != 1 {
            violations.append(Violation(kind: "block-off-edge", message: "layer \"\(g.layers[v].id)\" of the tiled block runs on tier \(plan.assignment.tierOfLayer[v]), not on the edge"))
        }
        guard let tiling = plan.tiling else {
            violations.append(Violation(kind: "block-without-tiling", message: "the plan names the block \(range.from)..\(range.to) but no tiling"))
            return EdgeTilingReport(tiers: tiers, tiling: nil, blockLayers: layers, edgeSeconds: .nan, latency: .nan, backboneBytes: backbone, violations: violations)
        }
        let report = TilingVerifier.verify(tiling, block: block, cluster: edge, execution: execution)
        violations += report.violations.map { Violation(kind: $0.kind.rawValue, message: "edge block: " + $0.message) }
        let single = layers.reduce(0.0) { $0 + instance.cost.seconds[1][$1] }
        let edgeSeconds = tiers.computeSeconds[1] - single + report.makespan
        return EdgeTilingReport(tiers: tiers, tiling: report, blockLayers: layers, edgeSeconds: edgeSeconds,
                                latency: tiers.latency - tiers.computeSeconds[1] + edgeSeconds, backboneBytes: backbone, violations: violations)
    }
}

/// D3 as one problem: P3's three-tier split with the edge tier a cluster of edge nodes that tiles
/// a chain of its convolutional layers (vertical separation), judged by one frame's latency.
public struct EdgeTilingProblem: PartitionProblem {
    /// The three-tier instance (tier 1 is the edge).
    public let instance: Instance
    /// The edge nodes that share a tiled block (node 0 is the edge server that holds the data).
    public let edge: [ClusterDevice]
    /// Fused tiles or one partition per stage.
    public let mode: TilingMode
    /// How the tiled block runs on the edge nodes.
    public let execution: TilingExecution

    /// D3 on `instance` with the edge nodes `edge`.
    public init(_ instance: Instance, edge: [ClusterDevice], mode: TilingMode = .layerwise, execution: TilingExecution = TilingExecution()) {
        self.instance = instance
        self.edge = edge
        self.mode = mode
        self.execution = execution
    }

    /// P3 (with the edge tiled).
    public static let kind = ProblemKind.threeTier
    /// The instance's name.
    public var name: String { instance.name }

    /// The combined latency, with the tier and tiling figures.
    public func verify(_ plan: EdgeTilingPlan) -> Verdict<EdgeTilingReport> {
        let r = EdgeTilingVerifier.verify(plan, instance: instance, edge: edge, execution: execution)
        return Verdict(objective: r.latency, violations: r.violations, figures: r)
    }

    /// One frame as P3's schedule, with the tiled block as one bar on a lane of its own.
    public func schedule(_ plan: EdgeTilingPlan, verdict: Verdict<EdgeTilingReport>) -> Schedule {
        EdgeTilingSchedule.make(plan, report: verdict.figures, instance: instance, edgeNodes: edge.count)
    }
}

/// The schedule of a combined plan: P3's one-frame sequence, with the edge's block layers replaced
/// by one bar on an "edge nodes (tiled)" lane as long as the tiling's makespan.
///
/// - Complexity: O(V + E + V·links).
public enum EdgeTilingSchedule {
    public static func make(_ plan: EdgeTilingPlan, report: EdgeTilingReport, instance: Instance, edgeNodes: Int) -> Schedule {
        let base = TierSchedule.latency(plan.assignment, instance: instance, report: report.tiers)
        guard let tiling = report.tiling, report.latency.isFinite, !base.bars.isEmpty else { return base }
        let g = instance.graph
        let blockIDs = Set(report.blockLayers.map { g.layers[$0].id })
        let edgeLane = base.lanes.firstIndex { $0.name == instance.tiers[1].name && $0.kind == .compute } ?? 0
        var lanes = base.lanes
        let tiledLane = lanes.count
        lanes.append(.init(name: "\(instance.tiers[1].name) nodes (tiled, \(edgeNodes))", kind: .compute))
        var bars: [Schedule.Bar] = [], t = 0.0, placed = false
        for b in base.bars {
            if b.lane == edgeLane && blockIDs.contains(b.label) {
                if !placed {
                    bars.append(.init(lane: tiledLane, label: "\(plan.block!.from)…\(plan.block!.to)", start: t, end: t + tiling.makespan, critical: true,
                                      detail: "\(report.blockLayers.count) layers tiled over \(edgeNodes) edge nodes"))
                    t += tiling.makespan
                    placed = true
                }
                continue
            }
            bars.append(.init(lane: b.lane, label: b.label, start: t, end: t + (b.end - b.start), critical: b.critical, detail: b.detail))
            t += b.end - b.start
        }
        return Schedule(model: base.model + "; the edge block runs tiled over the edge nodes", lanes: lanes, bars: bars)
    }
}

/// Reading and writing D3's combined plans as JSON.
///
/// `{"format": 1, "kind": "three-tier-tiled", "tiers": <a tier-assignment plan>, "tiling": <a tiling
/// plan of the edge block over the edge nodes, with its "cluster" and "execution"> or null}`. The
/// tiling plan names the block ("FIRST..LAST"), the edge nodes and the execution model, so the file
/// is self-contained; `dnnpart solve --json` prints one as its `"plan"`.
public enum EdgeTilingPlanIO {
    /// The plan as a JSON document.
    public static func json(_ plan: EdgeTilingPlan, problem p: EdgeTilingProblem) -> JSONValue {
        var tiling: JSONValue = .null
        if let range = plan.block, let t = plan.tiling, let block = try? ConvBlock(graph: p.instance.graph, from: range.from, to: range.to),
           case .object(let pairs) = TilingPlanIO.json(t, block: block, cluster: p.edge, execution: p.execution) {
            // The block exactly as the plan names it (its last layer may be a folded one).
            tiling = .object(pairs.map { $0.key == "block" ? ("block", .string("\(range.from)..\(range.to)")) : $0 })
        }
        return .object([("format", .int(1)), ("kind", .string("three-tier-tiled")), ("tiers", TierPlanIO.json(plan.assignment, instance: p.instance)),
                         ("tiling", tiling)])
    }

    /// Whether the document (or its `"plan"` member) is a combined D3 plan.
    public static func isPlan(_ root: JSONCursor) -> Bool {
        (root.value["plan"] ?? root.value)["kind"] == .string("three-tier-tiled")
    }

    /// The plan and the problem it is judged in (the edge nodes, mode and execution model come from
    /// the tiling part; without one, no edge nodes are needed).
    public static func read(_ root: JSONCursor, instance: Instance) throws(InputError) -> (plan: EdgeTilingPlan, problem: EdgeTilingProblem) {
        let c = root.value["plan"] != nil ? try root.field("plan") : root
        try c.requireOnlyKeys(["format", "kind", "tiers", "tiling"])
        try InstanceReader.checkPlanHeader(c, kind: "three-tier-tiled")
        let assignment = try TierPlanIO.read(try c.field("tiers"), instance: instance)
        guard let t = try c.optionalField("tiling"), t.value != .null else {
            // Nothing is tiled: the verifier never looks at edge nodes.
            return (EdgeTilingPlan(assignment: assignment), EdgeTilingProblem(instance, edge: []))
        }
        let (tiling, _, edge) = try TilingPlanIO.read(t, instance: instance)
        let execution = try TilingPlanIO.execution(t) ?? TilingExecution()
        let rangeCursor = try t.field("block")
        guard let range = InstanceReader.layerRange(try rangeCursor.string()) else { throw rangeCursor.error("expected \"FIRST..LAST\"") }
        let plan = EdgeTilingPlan(assignment: assignment, block: range, tiling: tiling)
        return (plan, EdgeTilingProblem(instance, edge: edge, mode: tiling.mode, execution: execution))
    }
}
