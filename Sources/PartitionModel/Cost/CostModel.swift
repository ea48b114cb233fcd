/// Per-layer compute times on every tier: measured where the instance has a profile, else estimated.
///
/// The estimate is a roofline with a fixed per-layer overhead:
///
///     t_k(v) = overhead_k + max( flops(v) / rate_k(op(v)),  bytes(v) / memBW_k )
///     bytes(v) = Σ_{u ∈ pred(v)} d_u + d_v + weightBytes(v)
///
/// and the input layer costs 0 everywhere. `docs/cost-model.md` gives the
/// reasoning and the calibration.
///
/// - Complexity: O(tiers × (V + E)) to build; O(1) per look-up.
public struct CostModel: Sendable {
    /// Where a layer's time comes from.
    public enum Source: String, Sendable {
        case profile
        case estimate
        case input
    }

    /// `seconds[k][v]`: time of layer `v` on tier `k`.
    public let seconds: [[Double]]
    /// `source[k][v]`: whether that time was measured or estimated.
    public let source: [[Source]]

    /// Builds the table. Fails when a tier has neither a measured time nor a device for some layer.
    public init(graph: LayerGraph, tiers: [Tier]) throws(CostModelError) {
        var seconds: [[Double]] = []
        var source: [[Source]] = []
        for (k, tier) in tiers.enumerated() {
            var row = [Double](repeating: 0, count: graph.count)
            var src = [Source](repeating: .estimate, count: graph.count)
            for v in graph.layers.indices {
                if v == graph.inputIndex {
                    row[v] = 0
                    src[v] = .input
                } else if let t = tier.profile[v] {
                    row[v] = t
                    src[v] = .profile
                } else if let device = tier.device {
                    row[v] = CostModel.estimate(layer: v, graph: graph, device: device)
                } else {
                    throw CostModelError(tier: k, layer: v,
                                         reason: "missing profile for layer \"\(graph.layers[v].id)\" on tier \"\(tier.name)\", and the tier has no device to estimate it from")
                }
            }
            seconds.append(row)
            source.append(src)
        }
        self.seconds = seconds
        self.source = source
    }

    /// The roofline estimate of layer `v` on `device`, in seconds.
    public static func estimate(layer v: Int, graph: LayerGraph, device: Device) -> Double {
        let layer = graph.layers[v]
        if layer.op == .input { return 0 }
        let inputBytes = graph.predecessors[v].reduce(0.0) { $0 + graph.layers[$1].outputBytes }
        let bytes = inputBytes + layer.outputBytes + layer.weightBytes
        let compute = layer.flops / device.flopsPerSecond(for: layer.op)
        let memory = bytes / device.memoryBandwidth
        return device.layerOverhead + max(compute, memory)
    }
}

/// A tier lacks what the cost model needs for a layer.
public struct CostModelError: Error, Sendable {
    /// The tier that cannot run the layer.
    public let tier: Int
    /// The layer (graph index).
    public let layer: Int
    /// Why, in words.
    public let reason: String
}
