import ArgumentParser
import PartitionModel
import PartitionSolvers

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the solvers on seeded synthetic inputs.",
        discussion: """
        Build with `swift build -c release` (or `swift run -c release dnnpart bench …`) for meaningful times.

        Example: swift run -c release dnnpart bench mincut --vertices 1000000 \\
          --seed 1
        """,
        subcommands: [MinCutBench.self, ThroughputBench.self, SVDBench.self]
    )
}

struct MinCutBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mincut",
        abstract: "Time max-flow on a seeded DNN-like network (chain + skip edges, terminal arcs at every vertex).",
        discussion: """
        The network has N layer vertices; each has arcs from the source and to the sink, a chain arc to the next vertex, and with probability 1/4 a skip arc 2..8 vertices ahead; by default each of those has an "infinite" closure arc back, as in the DSL graph (--no-closure-arcs drops them: the plain shape of PyMaxflow's published figures). Prints generation, build and solve times in seconds. --write-dimacs saves the network so other solvers can run the same graph.

        Example: swift run -c release dnnpart bench mincut --vertices 1000000 \\
          --seed 1
        """
    )

    @Option(parsing: .unconditional, help: "Number of layer vertices.")
    var vertices: Int = 100_000

    @Option(parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(inversion: .prefixedNo, help: "Add DSL's infinite closure arcs (the graph P1 really builds; harder).")
    var closureArcs = true

    @Option(help: "Algorithm: bk or dinic.")
    var algorithm: MaxFlowAlgorithm = .boykovKolmogorov

    @Option(parsing: .unconditional, help: "Repetitions (the minimum time is reported).")
    var repetitions: Int = 3

    @Option(help: "Also write the network as a DIMACS file.")
    var writeDimacs: String?

    @Flag(help: "Machine-readable output.")
    var json = false

    func validate() throws {
        guard vertices >= 1, vertices <= 50_000_000 else { throw ValidationError("--vertices must be in 1...50000000") }
        guard (1...1000).contains(repetitions) else { throw ValidationError("--repetitions must be in 1...1000") }
    }

    func run() throws {
        var rng = SeededGenerator(seed: seed)
        let genStart = ContinuousClock.now
        let net = SyntheticDNNGraph.network(layers: vertices, closureArcs: closureArcs, using: &rng)
        let genSeconds = secondsSince(genStart)
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
                ("vertices", .int(net.vertexCount)), ("arcs", .int(net.arcCount)), ("seed", .int(Int(seed))), ("closureArcs", .bool(closureArcs)),
                ("algorithm", .string(algorithm.rawValue)), ("flow", .number(JSONNumber(Int(r.flow)))),
                ("generateSeconds", .double(genSeconds)), ("buildSeconds", .double(r.buildSeconds)),
                ("solveSeconds", .double(r.solveSeconds)), ("totalSeconds", .double(r.buildSeconds + r.solveSeconds)),
                ("iterations", .int(r.iterations)),
            ]))
            return
        }
        print("network: \(net.vertexCount) vertices, \(net.arcCount) arcs (seed \(seed)), generated in \(UnitFormat.fixed(genSeconds, 3)) s")
        print("\(algorithm.rawValue): flow \(r.flow), \(r.iterations) iterations")
        print("build \(UnitFormat.fixed(r.buildSeconds, 3)) s  solve \(UnitFormat.fixed(r.solveSeconds, 3)) s  total \(UnitFormat.fixed(r.buildSeconds + r.solveSeconds, 3)) s  (best of \(repetitions))")
    }
}

struct ThroughputBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Time the exact P2 MILP and DSH on instance files; print nodes, time and DSH's gap.",
        discussion: """
        For each file: the MILP's status (optimal = proven), its solve time, branch-and-bound nodes and simplex iterations, then DSH's time and its gap to the MILP in percent.

        Example: swift run -c release dnnpart bench throughput instances/zoo/*.json
        """
    )

    @Argument(help: "Two-tier instance files.")
    var instances: [String]

    @Option(parsing: .unconditional, help: "Time limit per MILP, in seconds.")
    var timeLimit: Double = 60

    @Flag(help: "Machine-readable output.")
    var json = false

    func run() throws {
        let (milpSolver, dshSolver) = (try Driver.solver(ThroughputProblem.self, named: "milp"), try Driver.solver(ThroughputProblem.self, named: "dsh"))
        let options = SolveOptions(milp: MILPOptions(timeLimit: timeLimit))
        var rows: [JSONValue] = []
        var table = TextTable(header: ["instance", "layers", "MILP status", "T* (ms)", "MILP (s)", "nodes", "iterations", "DSH (ms)", "DSH (s)", "DSH gap (%)"],
                              rightAligned: Set(1..<10).subtracting([2]))
        for file in instances {
            let problem = ThroughputProblem(try withInputErrors { try InstanceReader.read(file: file) })
            // Both plans are judged by the verifier; its bottleneck is the figure reported.
            let milp = milpSolver.solve(problem, options: options), dsh = dshSolver.solve(problem, options: options)
            let milpT = milp.plan.map { problem.verify($0).objective }, dshT = dsh.plan.map { problem.verify($0).objective }
            let gap = milpT.flatMap { t in dshT.map { ($0 - t) / t } }
            let name = problem.instance.name, layers = problem.instance.graph.count
            rows.append(.object([
                ("instance", .string(name)), ("layers", .int(layers)), ("status", .string(milp.status.rawValue)),
                ("milpObjective", JSONValue.finite(milpT)), ("milpSeconds", .double(milp.statistics.seconds)),
                ("nodes", .int(milp.statistics.nodes)), ("iterations", .int(milp.statistics.iterations)),
                ("dshObjective", JSONValue.finite(dshT)), ("dshSeconds", .double(dsh.statistics.seconds)),
                ("dshGap", JSONValue.finite(gap)),
            ]))
            table.rows.append([name, "\(layers)", milp.status.rawValue, milpT.map { UnitFormat.milliseconds($0) } ?? "-",
                               UnitFormat.fixed(milp.statistics.seconds, 3), "\(milp.statistics.nodes)", "\(milp.statistics.iterations)",
                               dshT.map { UnitFormat.milliseconds($0) } ?? "-", UnitFormat.fixed(dsh.statistics.seconds, 3),
                               gap.map { UnitFormat.fixed($0 * 100, 2) } ?? "-"])
        }
        if json { printJSON(.object([("benchmark", .string("throughput")), ("rows", .array(rows))])) } else { print(table.render(), terminator: "") }
    }
}

struct SVDBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svd",
        abstract: "Time the Lanczos eigensolver on a seeded sparse FC matrix (P5's co-clustering step).",
        discussion: """
        Generates an m × n matrix (planted blocks with noise, or unstructured magnitude pruning), normalises it as spectral co-clustering does (A_n = R^{-1/2}|W|C^{-1/2}) and computes its top --values singular triplets in one Lanczos run, then the co-clustering embedding (the trivial pair deflated, ⌈log₂ k⌉ deflated runs). Prints times, Lanczos steps, the singular values and the residuals max(‖Aᵀu − σv‖, ‖Av − σu‖) recomputed from the returned vectors. --write-mtx saves the normalised matrix so that other solvers (scipy's svds/ARPACK) can run on the same input.

        Example: swift run -c release dnnpart bench svd --rows 4096 --columns \\
          25088 --structure blocks --nonzeros 356000
        """
    )

    @Option(parsing: .unconditional, help: "Rows (outputs).")
    var rows: Int = 4096

    @Option(parsing: .unconditional, help: "Columns (inputs).")
    var columns: Int = 25088

    @Option(help: "blocks (8 planted blocks, 5% noise) or random (magnitude pruning).")
    var structure: String = "blocks"

    @Option(parsing: .unconditional, help: "Target number of nonzeros.")
    var nonzeros: Int = 356_000

    @Option(parsing: .unconditional, help: "Planted blocks (blocks structure) and the k of the co-clustering embedding.")
    var blocks: Int = 8

    @Option(parsing: .unconditional, help: "Singular triplets of the single run.")
    var values: Int = 4

    @Option(parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Write the normalised matrix to this Matrix Market file.")
    var writeMtx: String?

    @Option(parsing: .unconditional, help: "Relative residual tolerance of the Lanczos triplets (ARPACK's tol).")
    var tolerance: Double = 1e-10

    @Flag(help: "Machine-readable output.")
    var json = false

    func validate() throws {
        guard tolerance.isFinite, tolerance > 0, tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1)") }
        guard rows >= 2, columns >= 2, rows <= InputLimits.maxMatrixSide, columns <= InputLimits.maxMatrixSide,
              Double(rows) * Double(columns) <= 0x1p34 else {
            throw ValidationError("--rows and --columns must be in 2...\(InputLimits.maxMatrixSide) with rows·columns ≤ 2^34")
        }
        guard nonzeros >= 1, Double(nonzeros) <= Double(rows) * Double(columns), nonzeros <= InputLimits.maxGeneratedNonzeros else {
            throw ValidationError("--nonzeros must be in 1...min(rows·columns, \(InputLimits.maxGeneratedNonzeros))")
        }
        guard blocks >= 1, blocks <= min(rows, columns) else { throw ValidationError("--blocks must be in 1...min(rows, columns)") }
        guard values >= 1, values < min(rows, columns) else { throw ValidationError("--values must be in 1..<min(rows, columns)") }
        guard ["blocks", "random"].contains(structure) else { throw ValidationError("--structure must be blocks or random") }
    }

    func run() throws {
        var rng = SeededGenerator(seed: seed)
        let density = Double(nonzeros) / (Double(rows) * Double(columns))
        let pattern: SparsityPattern = structure == "blocks" ? .blocks(count: blocks, density: density, noise: 0.05) : .magnitude(density: density)
        var start = ContinuousClock.now
        let w = try withInputErrors { () throws -> SparseMatrix in
            do throws(SparseMatrix.InvalidEntry) { return try SparsityGenerator.generate(rows: rows, columns: columns, pattern: pattern, using: &rng).matrix } catch {
                throw SolverInputError(error.reason)
            }
        }
        let genSeconds = secondsSince(start)
        let an = try withInputErrors { try SpectralCoclustering.normalized(w) }
        if let path = writeMtx { try withInputErrors { try FileBytes.write(MatrixMarket.text(an, comment: "dnnpart bench svd, seed \(seed)"), path: path) } }
        start = ContinuousClock.now
        let svd = LanczosSVD.top(values, of: an, tolerance: tolerance, using: &rng)
        let lanczosSeconds = secondsSince(start)
        let residuals = (0..<svd.values.count).map { t -> Double in
            func distance(_ x: [Double], _ y: [Double]) -> Double {
                zip(x, y).reduce(0.0) { $0 + ($1.0 - svd.values[t] * $1.1) * ($1.0 - svd.values[t] * $1.1) }.squareRoot()
            }
            return max(distance(an.multiplyTransposed(svd.u[t]), svd.v[t]), distance(an.multiply(svd.v[t]), svd.u[t]))
        }
        start = ContinuousClock.now
        let embedding = try withInputErrors { try SpectralCoclustering.embedding(w, groups: blocks, using: &rng) }
        let embeddingSeconds = secondsSince(start)
        if json {
            printJSON(.object([
                ("rows", .int(rows)), ("columns", .int(columns)), ("nonzeros", .int(w.nonzeros)), ("structure", .string(structure)),
                ("seed", .int(Int(seed))), ("generateSeconds", .double(genSeconds)), ("lanczosSeconds", .double(lanczosSeconds)),
                ("steps", .int(svd.steps)), ("converged", .bool(svd.converged)), ("values", .array(svd.values.map { .double($0) })),
                ("residuals", .array(residuals.map { .double($0) })), ("embeddingSeconds", .double(embeddingSeconds)),
                ("embeddingSteps", .int(embedding.steps)),
            ]))
            return
        }
        print("matrix \(rows) × \(columns), \(w.nonzeros) nonzeros (\(structure), seed \(seed)), generated in \(UnitFormat.fixed(genSeconds, 3)) s")
        print("Lanczos top \(values): \(UnitFormat.fixed(lanczosSeconds, 3)) s, \(svd.steps) steps, converged \(svd.converged)")
        print("  values    " + svd.values.map { UnitFormat.fixed($0, 6) }.joined(separator: "  "))
        print("  residuals " + residuals.map { "\($0)" }.joined(separator: "  "))
        print("co-clustering embedding for k = \(blocks) (trivial pair deflated, \(embedding.values.count) deflated runs): \(UnitFormat.fixed(embeddingSeconds, 3)) s, \(embedding.steps) steps")
        print("  values    " + embedding.values.map { UnitFormat.fixed($0, 6) }.joined(separator: "  "))
    }
}
