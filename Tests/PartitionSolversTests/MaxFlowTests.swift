import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

/// A random network with parallel arcs, zero capacities, arcs into the source and out of
/// the sink, self-loops and vertices nobody reaches.
func randomNetwork(vertices n: Int, arcs m: Int, maxCapacity: Int64, using rng: inout SeededGenerator) -> FlowNetwork {
    let s = Int.random(in: 0..<n, using: &rng)
    var t = Int.random(in: 0..<n, using: &rng)
    if t == s { t = (s + 1) % n }
    var net = try! FlowNetwork(vertexCount: n, source: s, sink: t)
    let isolated = n > 4 ? Int.random(in: 0..<n, using: &rng) : -1
    for _ in 0..<m {
        var u = Int.random(in: 0..<n, using: &rng), v = Int.random(in: 0..<n, using: &rng)
        if u == isolated && u != s && u != t { u = s }
        if v == isolated && v != s && v != t { v = t }
        let c = Int.random(in: 0..<5, using: &rng) == 0 ? 0 : Int64.random(in: 1...maxCapacity, using: &rng)
        try! net.addArc(from: u, to: v, capacity: c)
        if Int.random(in: 0..<8, using: &rng) == 0 { try! net.addArc(from: u, to: v, capacity: c) }  // parallel
    }
    return net
}

/// The minimum cut by enumerating every vertex set containing s and not t.
func bruteForceMinCut(_ net: FlowNetwork) -> Int64 {
    let others = (0..<net.vertexCount).filter { $0 != net.source && $0 != net.sink }
    var best = Int64.max
    for mask in 0..<(1 << others.count) {
        var side = [Bool](repeating: false, count: net.vertexCount)
        side[net.source] = true
        for (i, v) in others.enumerated() where mask & (1 << i) != 0 { side[v] = true }
        best = min(best, net.cutCapacity(sourceSide: side))
    }
    return best
}

@Suite("Max-flow engines")
struct MaxFlowTests {
    @Test func textbookNetwork() throws {
        // CLRS figure 26.1: maximum flow 23.
        var net = try FlowNetwork(vertexCount: 6, source: 0, sink: 5)
        for (u, v, c) in [(0, 1, 16), (0, 2, 13), (2, 1, 4), (1, 3, 12), (3, 2, 9), (2, 4, 14), (4, 3, 7), (3, 5, 20), (4, 5, 4)] {
            try net.addArc(from: u, to: v, capacity: Int64(c))
        }
        for algorithm in MaxFlowAlgorithm.allCases {
            let r = MaxFlow.solve(net, algorithm: algorithm)
            #expect(r.flow == 23, "\(algorithm)")
            #expect(net.cutCapacity(sourceSide: r.sourceSide) == 23)
            #expect(r.sourceSide == [true, true, true, false, true, false], "\(algorithm)")
        }
    }

    @Test(arguments: 0..<300)
    func boykovKolmogorovEqualsDinicAndBruteForce(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let n = Int.random(in: 2...11, using: &rng)
        let net = randomNetwork(vertices: n, arcs: Int.random(in: 0...(3 * n), using: &rng),
                                maxCapacity: seed % 3 == 0 ? 3 : 1_000_000, using: &rng)
        let bk = MaxFlow.solve(net, algorithm: .boykovKolmogorov)
        let dinic = MaxFlow.solve(net, algorithm: .dinic)
        #expect(bk.flow == dinic.flow)
        #expect(bk.flow == bruteForceMinCut(net))
        // Both return the smallest minimum cut, which is unique.
        #expect(bk.sourceSide == dinic.sourceSide)
        #expect(net.cutCapacity(sourceSide: bk.sourceSide) == bk.flow)
    }

    @Test(arguments: 0..<40)
    func largerRandomNetworksAgree(seed: Int) {
        var rng = SeededGenerator(seed: 10_000 + UInt64(seed))
        let n = Int.random(in: 50...400, using: &rng)
        let net = randomNetwork(vertices: n, arcs: 4 * n, maxCapacity: 100, using: &rng)
        let bk = MaxFlow.solve(net, algorithm: .boykovKolmogorov)
        let dinic = MaxFlow.solve(net, algorithm: .dinic)
        #expect(bk.flow == dinic.flow)
        #expect(bk.sourceSide == dinic.sourceSide)
        #expect(net.cutCapacity(sourceSide: bk.sourceSide) == bk.flow)
    }

    @Test(arguments: [true, false])
    func dnnShapedNetworksAgree(closure: Bool) {
        var rng = SeededGenerator(seed: 99)
        let net = SyntheticDNNGraph.network(layers: 3000, closureArcs: closure, using: &rng)
        let bk = MaxFlow.solve(net, algorithm: .boykovKolmogorov)
        let dinic = MaxFlow.solve(net, algorithm: .dinic)
        #expect(bk.flow == dinic.flow)
        #expect(bk.sourceSide == dinic.sourceSide)
        #expect(net.cutCapacity(sourceSide: bk.sourceSide) == bk.flow)
    }

    @Test func longChainsDoNotOverflowTheStack() throws {
        let n = 200_000
        var net = try FlowNetwork(vertexCount: n, source: 0, sink: n - 1)
        for v in 0..<(n - 1) { try net.addArc(from: v, to: v + 1, capacity: v == n / 2 ? 3 : 10) }
        #expect(MaxFlow.solve(net, algorithm: .dinic).flow == 3)
        let bk = MaxFlow.solve(net, algorithm: .boykovKolmogorov)
        #expect(bk.flow == 3)
        #expect(bk.sourceSide.filter { $0 }.count == n / 2 + 1)
    }

    @Test func edgeCases() throws {
        // No arcs at all, and a direct source → sink arc only.
        let empty = try FlowNetwork(vertexCount: 2, source: 1, sink: 0)
        #expect(MaxFlow.solve(empty).flow == 0)
        var direct = try FlowNetwork(vertexCount: 3, source: 0, sink: 2)
        try direct.addArc(from: 0, to: 2, capacity: 7)
        try direct.addArc(from: 0, to: 2, capacity: 5)
        for a in MaxFlowAlgorithm.allCases { #expect(MaxFlow.solve(direct, algorithm: a).flow == 12) }
        // Capacities at the limit do not overflow.
        var big = try FlowNetwork(vertexCount: 4, source: 0, sink: 3)
        try big.addArc(from: 0, to: 1, capacity: FlowNetwork.maxCapacity)
        try big.addArc(from: 1, to: 2, capacity: FlowNetwork.maxCapacity)
        try big.addArc(from: 1, to: 2, capacity: FlowNetwork.maxCapacity)
        try big.addArc(from: 2, to: 3, capacity: 5)
        for a in MaxFlowAlgorithm.allCases { #expect(MaxFlow.solve(big, algorithm: a).flow == 5) }
    }

    @Test func badInputIsAnErrorNotACrash() throws {
        #expect(throws: FlowNetwork.BuildError.sourceEqualsSink(1)) { try FlowNetwork(vertexCount: 3, source: 1, sink: 1) }
        #expect(throws: FlowNetwork.BuildError.vertexOutOfRange(vertex: 5, vertexCount: 3)) { try FlowNetwork(vertexCount: 3, source: 5, sink: 1) }
        #expect(throws: FlowNetwork.BuildError.tooManyVertices(1)) { try FlowNetwork(vertexCount: 1, source: 0, sink: 0) }
        var net = try FlowNetwork(vertexCount: 3, source: 0, sink: 2)
        #expect(throws: FlowNetwork.BuildError.negativeCapacity(from: 0, to: 1, capacity: -1)) { try net.addArc(from: 0, to: 1, capacity: -1) }
        #expect(throws: FlowNetwork.BuildError.vertexOutOfRange(vertex: 3, vertexCount: 3)) { try net.addArc(from: 0, to: 3, capacity: 1) }
        #expect(throws: FlowNetwork.BuildError.self) { try net.addArc(from: 0, to: 1, capacity: Int64.max) }
        try net.addArc(from: 0, to: 2, capacity: FlowNetwork.maxCapacity)
        #expect(throws: FlowNetwork.BuildError.flowBoundOverflow) { try net.addArc(from: 0, to: 2, capacity: 1) }
        #expect(net.arcCount == 1)
    }
}

@Suite("DIMACS max-flow files")
struct DIMACSTests {
    @Test func roundTripsAndSolves() throws {
        var rng = SeededGenerator(seed: 3)
        let net = randomNetwork(vertices: 9, arcs: 25, maxCapacity: 50, using: &rng)
        let text = DIMACSMaxFlow.text(net, comment: "random\ntest")
        #expect(text.hasPrefix("c random\nc test\np max 9 "))
        let back = try DIMACSMaxFlow.read(text: text)
        #expect(back.tails == net.tails && back.heads == net.heads && back.capacities == net.capacities)
        #expect(back.source == net.source && back.sink == net.sink)
        #expect(MaxFlow.solve(back).flow == MaxFlow.solve(net).flow)
    }

    @Test func readsTheStandardExample() throws {
        let text = """
        c sample from the DIMACS challenge description
        p max 6 8
        n 1 s
        n 6 t
        a 1 2 5
        a 1 3 15
        a 2 4 5
        a 2 5 5
        a 3 4 5
        a 3 5 5
        a 4 6 15
        a 5 6 5
        """
        let net = try DIMACSMaxFlow.read(text: text)
        let r = MaxFlow.solve(net)
        #expect(r.flow == 15)
    }

    @Test(arguments: [
        ("p max 3 1\nn 1 s\nn 3 t\na 1 2 -4\n", "line 4", "negative"),
        ("p max 3 1\nn 1 s\nn 3 t\na 1 9 4\n", "line 4", "not a node"),
        ("p max 3 2\nn 1 s\nn 3 t\na 1 2 4\n", "line", "declares 2 arcs"),
        ("p max 3 1\nn 1 s\na 1 2 4\n", "line", "no sink"),
        ("n 1 s\n", "line 1", "before the problem line"),
        ("p min 3 1\n", "line 1", "expected 'p max"),
        ("p max 3 1\nn 1 s\nn 1 t\na 1 2 4\n", "line 3", "same vertex"),
        ("p max 3 1\nn 1 s\nn 3 t\nx 1 2\n", "line 4", "unknown line type"),
        ("p max 3 1\nn 1 s\nn 3 t\na 1 2 four\n", "line 4", "not an integer"),
        ("", "line 1", "no problem line"),
    ])
    func malformedInputNamesTheLine(text: String, line: String, reason: String) {
        do {
            _ = try DIMACSMaxFlow.read(text: text, file: "g.max")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.file == "g.max")
            #expect(error.path.hasPrefix(line), "\(error.path)")
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }
}
