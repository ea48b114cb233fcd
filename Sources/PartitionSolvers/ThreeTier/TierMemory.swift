import PartitionModel

/// The memory caps of a tier chain (P1–P3), solver side: each tier's device bounds the weights of
/// the layers it runs and, with `activationMemory`, the largest working set of one of them.
///
/// A plan fits when, for every tier k with a capacity M_k, Σ_{v on k} w_v + max_{v on k} a_v ≤ M_k
/// (a_v = v's inputs + output when activations count, else 0). The MILPs add, per capped tier, a
/// continuous A_k ≥ a_v·[v on k] for every layer and the row Σ_v w_v·[v on k] + A_k ≤ M_k, both
/// divided by M_k; a cap no plan can reach (all weights and the largest working set fit) adds nothing.
///
/// - Complexity: O(V + E) to build, O(V) per ``fits(_:)``.
public struct TierMemory: Sendable {
    /// Bytes of each layer's weights.
    public let weights: [Double]
    /// Bytes of each layer's working set when activations count (0 otherwise, and for the input).
    public let activations: [Double]
    /// Each tier's capacity in bytes (nil: unbounded).
    public let capacity: [Double?]

    /// The caps of `instance`'s tiers.
    public init(_ instance: Instance) {
        let g = instance.graph
        weights = g.layers.map(\.weightBytes)
        let counted = instance.problem.activationMemory == true
        activations = g.layers.indices.map { v in
            guard counted, v != g.inputIndex else { return 0 }
            return g.workingSetBytes(v)
        }
        capacity = instance.tiers.map { $0.device?.memoryCapacity }
    }

    /// The tiers whose cap some plan could break: the whole network's weights plus its largest working set exceed it.
    public var binding: [Int] {
        let all = weights.reduce(0, +) + (activations.max() ?? 0)
        return capacity.indices.filter { capacity[$0].map { all > $0 } ?? false }
    }

    /// Whether the plan `tierOf` keeps every tier within its capacity.
    public func fits(_ tierOf: [Int]) -> Bool {
        var held = [Double](repeating: 0, count: capacity.count), peak = held
        for v in tierOf.indices {
            held[tierOf[v]] += weights[v]
            peak[tierOf[v]] = max(peak[tierOf[v]], activations[v])
        }
        return capacity.indices.allSatisfy { k in capacity[k].map { held[k] + peak[k] <= $0 } ?? true }
    }

    /// Adds the rows of tier k to `model`: `on[v]` is the expression that is 1 when layer v runs on tier k.
    func addRows(tier k: Int, on: [LinearExpr], to model: inout MILPModel) {
        guard let cap = capacity[k], cap.isFinite, binding.contains(k) else { return }
        guard cap > 0 else {
            for v in on.indices where weights[v] > 0 || activations[v] > 0 { model.add("memory\(k)_none_\(v)", on[v] <= 0) }
            return
        }
        var held = LinearExpr()
        for v in on.indices where weights[v] > 0 { held += (weights[v] / cap) * on[v] }
        if activations.contains(where: { $0 > 0 }) {
            let a = model.variable("A_memory\(k)", lower: 0)
            for v in on.indices where activations[v] > 0 { model.add("memory\(k)_peak_\(v)", LinearExpr(a) >= (activations[v] / cap) * on[v]) }
            held += LinearExpr(a)
        }
        model.add("memory\(k)", held <= 1)
    }
}
