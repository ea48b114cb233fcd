/// A plan for P1, P2 and P3: the tier every layer runs on.
///
/// `tierOfLayer[v]` is an index into ``Instance/tiers`` (0 holds the input).
/// A plan is *feasible* when the input is on tier 0 and no edge goes down a
/// tier (`tier(u) ≤ tier(v)` for every edge u → v); ``TierPlanVerifier``
/// checks both.
public struct TierAssignment: Sendable, Equatable, Hashable {
    /// The tier of every layer, in graph order.
    public var tierOfLayer: [Int]

    /// A plan that runs layer v on tier `tierOfLayer[v]` (graph order).
    public init(tierOfLayer: [Int]) {
        self.tierOfLayer = tierOfLayer
    }

    /// Every layer on `tier` except the input, which stays on tier 0.
    public static func allOn(_ tier: Int, graph: LayerGraph) -> TierAssignment {
        var t = [Int](repeating: tier, count: graph.count)
        t[graph.inputIndex] = 0
        return TierAssignment(tierOfLayer: t)
    }

    /// Number of layers on each of `tierCount` tiers.
    public func layerCounts(tierCount: Int) -> [Int] {
        var c = [Int](repeating: 0, count: tierCount)
        for t in tierOfLayer where t >= 0 && t < tierCount { c[t] += 1 }
        return c
    }
}

/// Reading and writing tier-assignment plan files.
///
/// A plan file is `{"format": 1, "kind": "tier-assignment", "assignment": {"<layer id>": "<tier name>", …}}`.
/// The output of `dnnpart solve --json` is accepted too: its `"plan"` member is such an object.
public enum TierPlanIO {
    /// The plan as a JSON object naming layers and tiers.
    public static func json(_ plan: TierAssignment, instance: Instance) -> JSONValue {
        let pairs = instance.graph.layers.indices.map { v in
            (key: instance.graph.layers[v].id, value: JSONValue.string(instance.tiers[plan.tierOfLayer[v]].name))
        }
        return .object([
            ("format", .int(1)),
            ("kind", .string("tier-assignment")),
            ("instance", .string(instance.name)),
            ("assignment", .object(pairs)),
        ])
    }

    /// Reads the plan file at `path` for `instance`.
    public static func read(file path: String, instance: Instance) throws(InputError) -> TierAssignment {
        try read(JSONCursor.load(file: path), instance: instance)
    }

    /// Reads a plan from a parsed document (a plan object, or an object with a `"plan"` member).
    public static func read(_ root: JSONCursor, instance: Instance) throws(InputError) -> TierAssignment {
        var c = root
        if let inner = try root.optionalField("plan") { c = inner }
        try c.requireOnlyKeys(["format", "kind", "instance", "assignment"])
        if let f = try c.optionalField("format") {
            let v = try f.positiveInt()
            guard v == 1 else { throw f.error("unsupported plan format version \(v) (this dnnpart reads version 1)") }
        }
        if let k = try c.optionalField("kind") {
            let kind = try k.string()
            guard kind == "tier-assignment" else { throw k.error("expected a \"tier-assignment\" plan, found \"\(kind)\"") }
        }
        let graph = instance.graph
        var tiers = [Int](repeating: -1, count: graph.count)
        for (layerID, value) in try c.field("assignment").object() {
            guard let v = graph.index[layerID] else {
                throw value.error("unknown layer id \"\(layerID)\" (instance \"\(instance.name)\" has no such layer)")
            }
            let tierName = try value.string()
            guard let k = instance.tierIndex(named: tierName) else {
                throw value.error("unknown tier \"\(tierName)\" (tiers: \(instance.tiers.map(\.name).joined(separator: ", ")))")
            }
            tiers[v] = k
        }
        if tiers.contains(-1) {
            let all = tiers.indices.filter { tiers[$0] == -1 }.map { graph.layers[$0].id }
            let shown = all.prefix(5).joined(separator: ", ") + (all.count > 5 ? ", …" : "")
            throw try c.field("assignment").error("the plan does not place \(all.count) layer(s): \(shown)")
        }
        return TierAssignment(tierOfLayer: tiers)
    }
}
