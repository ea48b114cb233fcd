import ArgumentParser
import PartitionModel
import PartitionSolvers

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the solvers on seeded synthetic inputs.",
        discussion: """
        Build with `swift build -c release` (or `swift run -c release dnnpart bench …`) for meaningful times.

        Example: swift run -c release dnnpart bench mincut --vertices 1000000 --seed 1
        """,
        subcommands: [MinCutBench.self]
    )
}

struct MinCutBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mincut",
        abstract: "Time max-flow on a seeded DNN-like network (chain + skip edges, terminal arcs at every vertex).",
        discussion: """
        The network has N layer vertices; each has arcs from the source and to the sink, a chain arc
        to the next vertex, and with probability 1/4 a skip arc 2..8 vertices ahead; by default each
        of those has an "infinite" closure arc back, as in the DSL graph (--no-closure-arcs drops them:
        the plain shape of SOLVER-NOTES's PyMaxflow figures). Prints generation, build and solve
        times in seconds. --write-dimacs saves the network so other solvers can run the same graph.

        Example: swift run -c release dnnpart bench mincut --vertices 1000000 --seed 1
        """
    )

    @Option(help: "Number of layer vertices.")
    var vertices: Int = 100_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(inversion: .prefixedNo, help: "Add DSL's infinite closure arcs (the graph P1 really builds; harder).")
    var closureArcs = true

    @Option(help: "Algorithm: bk or dinic.")
    var algorithm: MaxFlowAlgorithm = .boykovKolmogorov

    @Option(help: "Repetitions (the minimum time is reported).")
    var repetitions: Int = 3

    @Option(help: "Also write the network as a DIMACS file.")
    var writeDimacs: String?

    @Flag(help: "Machine-readable output.")
    var json = false

    func validate() throws {
        guard vertices >= 1, vertices <= 50_000_000 else { throw ValidationError("--vertices must be in 1...50000000") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be ≥ 1") }
    }

    func run() throws {
        var rng = SeededGenerator(seed: seed)
        let genStart = ContinuousClock.now
        let net = SyntheticDNNGraph.network(layers: vertices, closureArcs: closureArcs, using: &rng)
        let gen = ContinuousClock.now - genStart
        let genSeconds = Double(gen.components.seconds) + Double(gen.components.attoseconds) * 1e-18
        if let path = writeDimacs {
            try withInputErrors { try FileBytes.write(DIMACSMaxFlow.text(net, comment: "dnnpart bench mincut --vertices \(vertices) --seed \(seed)\(closureArcs ? "" : " --no-closure-arcs")"), path: path) }
        }
        var best: MaxFlowResult?
        for _ in 0..<repetitions {
            let r = MaxFlow.solve(net, algorithm: algorithm)
            if best == nil || r.buildSeconds + r.solveSeconds < best!.buildSeconds + best!.solveSeconds { best = r }
        }
        let r = best!
        if json {
            printJSON(.object([
                ("vertices", .int(net.vertexCount)), ("arcs", .int(net.arcCount)), ("seed", .int(Int(seed))), ("closure_arcs", .bool(closureArcs)),
                ("algorithm", .string(algorithm.rawValue)), ("flow", .number(JSONNumber(Int(r.flow)))),
                ("generate_seconds", .double(genSeconds)), ("build_seconds", .double(r.buildSeconds)),
                ("solve_seconds", .double(r.solveSeconds)), ("total_seconds", .double(r.buildSeconds + r.solveSeconds)),
                ("iterations", .int(r.iterations)),
            ]))
            return
        }
        print("network: \(net.vertexCount) vertices, \(net.arcCount) arcs (seed \(seed)), generated in \(UnitFormat.fixed(genSeconds, 3)) s")
        print("\(algorithm.rawValue): flow \(r.flow), \(r.iterations) iterations")
        print("build \(UnitFormat.fixed(r.buildSeconds, 3)) s  solve \(UnitFormat.fixed(r.solveSeconds, 3)) s  total \(UnitFormat.fixed(r.buildSeconds + r.solveSeconds, 3)) s  (best of \(repetitions))")
    }
}
