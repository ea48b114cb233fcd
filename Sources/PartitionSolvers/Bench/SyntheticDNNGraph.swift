import PartitionModel

/// Seeded synthetic min-cut networks shaped like a DNN's P1 graph, for benchmarks and tests.
///
/// Vertex v = 0..<n is a layer; every vertex has both terminal arcs
/// (s → v and v → t, capacities uniform in 1...1000), a chain arc v → v+1
/// (1...1000) and with probability 1/4 a skip arc v → v+k, k uniform in
/// 2...8: a chain with residual-style shortcuts, about 3.25 arcs per vertex
/// with the terminals, the shape of PyMaxflow's published measurements.
/// With `closureArcs`, every chain and skip arc also gets the reverse arc of
/// capacity ``infinity`` that DSL adds (nothing may return to the edge): that
/// is the graph the P1 solver really builds, and a much harder one, since
/// flow can then travel back along the whole chain.
public enum SyntheticDNNGraph {
    /// Capacity of the closure arcs.
    public static let infinity: Int64 = 1 << 40

    /// A network with `layers` layer vertices plus s and t (s = layers, t = layers + 1).
    ///
    /// - Complexity: O(layers).
    public static func network<G: RandomNumberGenerator>(layers n: Int, closureArcs: Bool = true, using rng: inout G) -> FlowNetwork {
        precondition(n >= 1)
        let s = n, t = n + 1
        var net = try! FlowNetwork(vertexCount: n + 2, source: s, sink: t)
        net.reserveArcs(5 * n)
        for v in 0..<n {
            try! net.addArc(from: s, to: v, capacity: Int64.random(in: 1...1000, using: &rng))
            try! net.addArc(from: v, to: t, capacity: Int64.random(in: 1...1000, using: &rng))
            if v + 1 < n {
                try! net.addArc(from: v, to: v + 1, capacity: Int64.random(in: 1...1000, using: &rng))
                if closureArcs { try! net.addArc(from: v + 1, to: v, capacity: infinity) }
            }
            if Int.random(in: 0..<4, using: &rng) == 0 {
                let w = v + Int.random(in: 2...8, using: &rng)
                if w < n {
                    try! net.addArc(from: v, to: w, capacity: Int64.random(in: 1...1000, using: &rng))
                    if closureArcs { try! net.addArc(from: w, to: v, capacity: infinity) }
                }
            }
        }
        return net
    }
}
