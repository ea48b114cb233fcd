/// A flow network whose capacities are seconds (`Double`, finite ≥ 0 or `+∞`).
///
/// The exact min-cut solvers build one of these in real units and hand it to
/// ``ExactMinCut``, which turns it into integer networks as many times as the
/// proof needs. `+∞` means "never cut".
public struct RealFlowNetwork: Sendable {
    /// Vertices, numbered from 0.
    public let vertexCount: Int
    /// The source vertex.
    public let source: Int
    /// The sink vertex.
    public let sink: Int
    /// Arc tails, in the order added.
    public private(set) var tails: [Int] = []
    /// Arc heads, in the order added.
    public private(set) var heads: [Int] = []
    /// Arc capacities in seconds (finite ≥ 0, or `+∞`).
    public private(set) var capacities: [Double] = []

    /// A network on `0..<vertexCount` with distinct source and sink in range.
    public init(vertexCount: Int, source: Int, sink: Int) {
        precondition(vertexCount >= 2 && (0..<vertexCount).contains(source) && (0..<vertexCount).contains(sink) && source != sink,
                     "RealFlowNetwork: bad vertex count, source or sink")
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

    /// Adds `from → to`. A negative or NaN capacity is a caller bug and is refused by precondition;
    /// callers pass validated costs.
    public mutating func addArc(from: Int, to: Int, seconds: Double) {
        precondition(seconds >= 0, "RealFlowNetwork: capacity \(seconds) is negative or NaN")
        tails.append(from)
        heads.append(to)
        capacities.append(seconds)
    }

    /// Adds an arc that is never cut.
    public mutating func addInfiniteArc(from: Int, to: Int) { addArc(from: from, to: to, seconds: .infinity) }

    /// Arcs added.
    public var arcCount: Int { heads.count }

    /// The capacity (seconds) of the cut leaving `sourceSide`; `+∞` when an infinite arc crosses it.
    ///
    /// - Complexity: O(arcs).
    public func cutValue(sourceSide: [Bool]) -> Double {
        var total = 0.0
        for a in heads.indices where sourceSide[tails[a]] && !sourceSide[heads[a]] { total += capacities[a] }
        return total
    }
}

/// A minimum cut of a ``RealFlowNetwork`` found by rounding to integers, with a proof of its gap.
///
/// Algorithm: start from the cheapest of the caller's candidate cuts (trivially
/// feasible plans), of value P. Every arc is capped at P (a cut that pays more
/// than P on one arc is never better than the candidate), the capped
/// capacities are rounded **down** to integer multiples of a unit u ≤ P/2^50,
/// and one max-flow runs on the integer network. Its flow, times u, is a flow
/// of the real network, hence a proven lower bound on the real minimum cut;
/// its cut, re-costed in seconds, is a candidate. The loop repeats with the
/// new P until P − bound ≤ tolerance·P. Each round's cut is within
/// (cut arcs)·u of the optimum, so P approaches the optimum by a factor of about
/// 2^50 / arcs per round: one or two rounds on any realistic network, a few
/// dozen when costs span the whole `Double` range. Infinite arcs become one
/// integer above every finite cut, and infinite arcs at the terminals go
/// through one hub vertex each, so no integer sum can overflow.
///
/// Source: the rounding argument is the standard one for capacity scaling
/// (Ahuja, Magnanti, Orlin, *Network Flows*, 1993, §7.3); the capping by a
/// feasible plan is ours.
///
/// - Complexity: one max-flow per round, O(arcs) to build each; rounds ≤ `maxRounds`.
public enum ExactMinCut {
    /// The relative gap below which a cut is reported as optimal.
    public static let relativeTolerance = 1e-9

    /// A cut, its value, a proven lower bound and the work done.
    public struct Result: Sendable {
        /// The source side of the best cut found.
        public let sourceSide: [Bool]
        /// Its value in seconds (`+∞` only when every cut is infinite).
        public let value: Double
        /// A proven lower bound on the minimum cut, in seconds.
        public let lowerBound: Double
        /// Whether `value − lowerBound ≤ relativeTolerance · value`.
        public let proven: Bool
        /// Integer max-flow rounds run.
        public let rounds: Int
        /// Seconds per integer unit in the last round.
        public let unitSeconds: Double
        /// Augmenting paths or phases, summed over rounds.
        public let iterations: Int
        /// Vertices and arcs of the integer network.
        public let vertices: Int, arcs: Int
        /// Seconds building and solving the integer networks, summed over rounds.
        public let buildSeconds: Double, flowSeconds: Double
    }

    /// The minimum cut of `network`, starting from the candidate source sides (at least one).
    public static func solve(_ network: RealFlowNetwork, candidates: [[Bool]], maxRounds: Int = 64,
                             algorithm: MaxFlowAlgorithm = .boykovKolmogorov) -> Result {
        precondition(!candidates.isEmpty, "ExactMinCut needs a candidate cut")
        var best = candidates[0], upper = network.cutValue(sourceSide: best)
        for c in candidates.dropFirst() {
            let v = network.cutValue(sourceSide: c)
            if v < upper { (best, upper) = (c, v) }
        }
        var lower = 0.0, rounds = 0, iterations = 0, unit = 0.0, build = 0.0, solve = 0.0
        var size = (vertices: network.vertexCount, arcs: network.arcCount)
        while !(upper - lower <= relativeTolerance * upper), rounds < maxRounds {
            let cap = upper.isFinite ? upper : finiteTotal(network)
            let round = integerRound(network, cap: cap, algorithm: algorithm)
            rounds += 1
            iterations += round.flow.iterations
            build += round.flow.buildSeconds
            solve += round.flow.solveSeconds
            unit = round.unit
            size = (round.network.vertexCount, round.network.arcCount)
            let side = Array(round.flow.sourceSide[0..<network.vertexCount])
            let value = network.cutValue(sourceSide: side)
            if round.flow.flow >= round.infinity {
                // Every cut crosses an infinite arc (only when no candidate is finite).
                if !upper.isFinite { lower = .infinity }
                break
            }
            let bound = (Double(round.flow.flow) * unit).nextDown.nextDown
            let improved = value < upper || bound > lower
            if value < upper { (best, upper) = (side, value) }
            lower = max(lower, bound)
            if !improved { break }
        }
        if upper == 0 { lower = 0 }
        return Result(sourceSide: best, value: upper, lowerBound: min(lower, upper),
                      proven: upper - lower <= relativeTolerance * upper || upper == lower,
                      rounds: rounds, unitSeconds: unit, iterations: iterations,
                      vertices: size.vertices, arcs: size.arcs, buildSeconds: build, flowSeconds: solve)
    }

    /// The sum of the finite capacities, clamped to the largest finite `Double`.
    static func finiteTotal(_ network: RealFlowNetwork) -> Double {
        var total = 0.0
        for c in network.capacities where c.isFinite { total += c }
        return total.isFinite ? max(total, Double.leastNormalMagnitude) : .greatestFiniteMagnitude
    }

    /// One integer network with capacities ⌊min(c, cap)/u⌋ and its max-flow.
    static func integerRound(_ network: RealFlowNetwork, cap: Double, algorithm: MaxFlowAlgorithm)
        -> (network: FlowNetwork, flow: MaxFlowResult, unit: Double, infinity: Int64) {
        // Infinite arcs are written as one integer above every finite cut, outside this sum.
        var capped = 0.0
        for c in network.capacities where c.isFinite { capped += min(c, cap) }
        // Finite capacities add up to ≤ 2^57 units; one unit is at most cap/2^50.
        var unit = max(cap / 0x1p50, capped / 0x1p57, Double.leastNormalMagnitude)
        if !unit.isFinite { unit = .greatestFiniteMagnitude / 0x1p57 }
        let infinity: Int64 = 1 << 58
        func units(_ c: Double) -> Int64 {
            if c == .infinity { return infinity }
            let u = (min(c, cap) / unit).rounded(.down)
            return u >= 0x1p57 ? 1 << 57 : Int64(u)
        }
        let n = network.vertexCount
        let sourceHub = n, sinkHub = n + 1
        // Every vertex count and capacity below is in range by construction.
        var net = try! FlowNetwork(vertexCount: n + 2, source: network.source, sink: network.sink)
        net.reserveArcs(network.arcCount + 2)
        try! net.addArc(from: network.source, to: sourceHub, capacity: infinity)
        try! net.addArc(from: sinkHub, to: network.sink, capacity: infinity)
        for a in 0..<network.arcCount {
            var (u, v) = (network.tails[a], network.heads[a])
            let c = units(network.capacities[a])
            if c == infinity && u == network.source { u = sourceHub }
            if c == infinity && v == network.sink { v = sinkHub }
            try! net.addArc(from: u, to: v, capacity: c)
        }
        return (net, MaxFlow.solve(net, algorithm: algorithm), unit, infinity)
    }
}
