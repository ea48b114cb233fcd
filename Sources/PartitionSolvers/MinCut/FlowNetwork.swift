/// A directed network with integer arc capacities and a source and a sink vertex.
///
/// Build one, add arcs, then hand it to ``MaxFlow/solve(_:algorithm:)``.
/// Capacities are `Int64` on purpose: with floating-point capacities,
/// rounding in the residual updates can leave a cut that is not minimal even
/// when the flow value looks right. Callers that model seconds build a
/// ``RealFlowNetwork`` and let ``ExactMinCut`` round it with a proof.
/// Parallel arcs are allowed (they add up); zero capacities are allowed.
public struct FlowNetwork: Sendable {
    /// Vertices, numbered from 0.
    public let vertexCount: Int
    /// The source vertex.
    public private(set) var source: Int
    /// The sink vertex.
    public private(set) var sink: Int
    /// The tail vertex of every arc, in the order added.
    public private(set) var tails: [Int32] = []
    /// The head vertex of every arc, in the order added.
    public private(set) var heads: [Int32] = []
    /// The capacity of every arc, in the order added. The max-flow engines copy these into their
    /// own residual arrays (with reverse arcs); the network itself never changes while solving.
    public private(set) var capacities: [Int64] = []
    /// Capacity out of the source and into the sink (saturating); the smaller bounds the flow.
    public private(set) var sourceOutCapacity: Int64 = 0
    /// Total capacity into the sink (an upper bound on the flow).
    public private(set) var sinkInCapacity: Int64 = 0

    /// The largest capacity of one arc, and the largest flow bound a network may have:
    /// with both at most 2^60, no residual or sum overflows `Int64`. Use it (or
    /// anything above every finite cut) as "infinity".
    public static let maxCapacity: Int64 = 1 << 60

    /// Bad construction input.
    public enum BuildError: Error, Sendable, Equatable, CustomStringConvertible {
        case tooManyVertices(Int)
        case sourceEqualsSink(Int)
        case vertexOutOfRange(vertex: Int, vertexCount: Int)
        case negativeCapacity(from: Int, to: Int, capacity: Int64)
        case capacityTooLarge(from: Int, to: Int, capacity: Int64)
        case flowBoundOverflow

        /// Vertices, arcs, source and sink.
        public var description: String {
            switch self {
            case let .tooManyVertices(n): return "\(n) vertices is outside 2...\(Int32.max)"
            case let .sourceEqualsSink(v): return "the source and the sink are the same vertex (\(v))"
            case let .vertexOutOfRange(v, n): return "vertex \(v) is out of range 0..<\(n)"
            case let .negativeCapacity(u, v, c): return "arc \(u) -> \(v) has negative capacity \(c)"
            case let .capacityTooLarge(u, v, c): return "arc \(u) -> \(v) has capacity \(c), above the limit 2^60"
            case .flowBoundOverflow: return "the capacities out of the source and into the sink both add up to more than 2^60"
            }
        }
    }

    /// A network on vertices `0..<vertexCount`.
    public init(vertexCount: Int, source: Int, sink: Int) throws(BuildError) {
        guard vertexCount >= 2, vertexCount <= Int(Int32.max) else { throw .tooManyVertices(vertexCount) }
        guard (0..<vertexCount).contains(source) else { throw .vertexOutOfRange(vertex: source, vertexCount: vertexCount) }
        guard (0..<vertexCount).contains(sink) else { throw .vertexOutOfRange(vertex: sink, vertexCount: vertexCount) }
        guard source != sink else { throw .sourceEqualsSink(source) }
        self.vertexCount = vertexCount
        self.source = source
        self.sink = sink
    }

    /// Reserves room for `arcs` arcs.
    public mutating func reserveArcs(_ arcs: Int) {
        tails.reserveCapacity(arcs)
        heads.reserveCapacity(arcs)
        capacities.reserveCapacity(arcs)
    }

    /// Moves the source and the sink (a reader that meets the arcs before the terminals), and
    /// recomputes the capacities out of the source and into the sink.
    ///
    /// - Complexity: O(arcs).
    public mutating func setTerminals(source s: Int, sink t: Int) throws(BuildError) {
        guard (0..<vertexCount).contains(s) else { throw .vertexOutOfRange(vertex: s, vertexCount: vertexCount) }
        guard (0..<vertexCount).contains(t) else { throw .vertexOutOfRange(vertex: t, vertexCount: vertexCount) }
        guard s != t else { throw .sourceEqualsSink(s) }
        if (s, t) == (source, sink) { return }
        var out: Int64 = 0, into: Int64 = 0
        for a in tails.indices {
            if Int(tails[a]) == s { out = out.saturatingAdd(capacities[a]) }
            if Int(heads[a]) == t { into = into.saturatingAdd(capacities[a]) }
        }
        guard min(out, into) <= FlowNetwork.maxCapacity else { throw .flowBoundOverflow }
        (source, sink, sourceOutCapacity, sinkInCapacity) = (s, t, out, into)
    }

    /// Adds the arc `from → to` with the given capacity.
    public mutating func addArc(from: Int, to: Int, capacity: Int64) throws(BuildError) {
        guard (0..<vertexCount).contains(from) else { throw .vertexOutOfRange(vertex: from, vertexCount: vertexCount) }
        guard (0..<vertexCount).contains(to) else { throw .vertexOutOfRange(vertex: to, vertexCount: vertexCount) }
        guard capacity >= 0 else { throw .negativeCapacity(from: from, to: to, capacity: capacity) }
        guard capacity <= FlowNetwork.maxCapacity else { throw .capacityTooLarge(from: from, to: to, capacity: capacity) }
        var out = sourceOutCapacity, into = sinkInCapacity
        if from == source { out = out.saturatingAdd(capacity) }
        if to == sink { into = into.saturatingAdd(capacity) }
        guard min(out, into) <= FlowNetwork.maxCapacity else { throw .flowBoundOverflow }
        sourceOutCapacity = out
        sinkInCapacity = into
        tails.append(Int32(from))
        heads.append(Int32(to))
        capacities.append(capacity)
    }

    /// Arcs, reverse arcs included.
    public var arcCount: Int { heads.count }

    /// Total capacity of the arcs leaving `sourceSide` (a cut's capacity).
    ///
    /// - Complexity: O(arcs).
    public func cutCapacity(sourceSide: [Bool]) -> Int64 {
        var c: Int64 = 0
        for a in heads.indices where sourceSide[Int(tails[a])] && !sourceSide[Int(heads[a])] {
            c += capacities[a]
        }
        return c
    }
}

/// What a maximum-flow computation found.
public struct MaxFlowResult: Sendable {
    /// The maximum flow value, which equals the minimum cut capacity.
    public let flow: Int64
    /// `sourceSide[v]` is true for the vertices on the source side of the minimum cut
    /// with the *smallest* source side: the vertices reachable from the source in the
    /// final residual network. It is the same set whichever algorithm ran.
    public let sourceSide: [Bool]
    /// Seconds to turn the arc list into the solver's arrays.
    public let buildSeconds: Double
    /// Seconds of the flow computation and the cut extraction.
    public let solveSeconds: Double
    /// Augmenting paths (BK) or blocking-flow phases (Dinic).
    public let iterations: Int
}

/// Which max-flow algorithm to run.
public enum MaxFlowAlgorithm: String, Sendable, CaseIterable {
    /// Boykov–Kolmogorov: the default, fast on DNN-like graphs.
    case boykovKolmogorov = "bk"
    /// Dinic's blocking flows: simple, kept as an independent cross-check.
    case dinic
}

/// Entry point to the max-flow engines.
public enum MaxFlow {
    /// Computes a maximum flow and the smallest minimum cut.
    ///
    /// - Complexity: Boykov–Kolmogorov O(V·E²·|C|) in the worst case, near-linear on
    ///   DNN-like graphs; Dinic O(V²·E).
    public static func solve(_ network: FlowNetwork, algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> MaxFlowResult {
        switch algorithm {
        case .boykovKolmogorov: return BoykovKolmogorov.solve(network)
        case .dinic: return Dinic.solve(network)
        }
    }
}

extension Int64 {
    /// `self + x`, clamped to 2^62 so merged parallel arcs and terminal sums
    /// never overflow; a clamped value still exceeds every possible flow (≤ 2^60).
    @inline(__always)
    func saturatingAdd(_ x: Int64) -> Int64 {
        let (r, o) = addingReportingOverflow(x)
        return o || r > (1 << 62) ? (1 << 62) : r
    }
}
