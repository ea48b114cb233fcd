import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PartitionModel
import PartitionSolvers

/// Options of `--problem fc`: the layer, its weights, the solver seed and FGCP.
struct FCOptions: ParsableArguments {
    @Option(help: "FC: the fc layer to split (default: the instance's problem.layer, else the first fc layer).")
    var layer: String?

    @Option(help: "FC: weights from a Matrix Market file (rows = outputs, columns = inputs), overriding the instance's.")
    var matrix: String?

    @Option(help: "FC: generate the weights instead: magnitude (unstructured pruning) or blocks (structured).")
    var generator: String?

    @Option(parsing: .unconditional, help: "FC: density of the generated weights, in (0, 1].")
    var density: Double?

    @Option(parsing: .unconditional, help: "FC: planted blocks of the blocks generator.")
    var blocks: Int = 8

    @Option(parsing: .unconditional, help: "FC: fraction of nonzeros outside the blocks (blocks generator).")
    var noise: Double = 0.05

    @Option(parsing: .unconditional, help: "FC: seed of the generator and of the solvers' random choices (Lanczos start, k-means++).")
    var seed: UInt64 = 1

    @Flag(help: "FC: exchange each off-block group as inputs or partial sums, whichever is fewer values (MoDNN FGCP).")
    var fgcp = false

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The weights the options ask for, or nil to use the instance's.
    func weights() throws -> WeightSource? {
        if let path = matrix {
            guard generator == nil, density == nil else { throw SolverInputError("give either --matrix or --generator/--density, not both") }
            return .file(path.hasPrefix("/") ? path : Self.currentDirectory() + "/" + path)
        }
        guard generator != nil || density != nil else { return nil }
        guard let d = density else { throw SolverInputError("--generator needs --density") }
        let name = generator ?? "magnitude"
        guard let pattern = SparsityPattern(generator: name, density: d, blocks: blocks, noise: noise) else {
            throw SolverInputError("unknown --generator \"\(name)\" (known: \(SparsityPattern.generatorNames.joined(separator: ", ")))")
        }
        if let why = pattern.problem { throw SolverInputError("--density/--blocks/--noise: \(why)") }
        return .generated(pattern, seed: seed)
    }

    /// The problem of an instance with these options and devices.
    func problem(_ inst: Instance, file: String, cluster: [ClusterDevice]) throws -> (FCProblem, WeightSource) {
        try withInputErrors { () throws -> (FCProblem, WeightSource) in
            let w = try weights()
            let p = try FCProblem.load(inst, instanceFile: file, layer: layer, weights: w, cluster: cluster)
            return (p, w ?? inst.problem.weights!)
        }
    }
}

enum FCPresentation {
    static func header(_ inst: Instance, _ p: FCProblem) -> String {
        let w = p.matrix
        let density = Double(w.nonzeros) / (Double(w.rows) * Double(w.columns))
        return "instance \(inst.name)  problem fc  layer \(p.layer): \(w.rows) outputs × \(w.columns) inputs, " +
            "\(UnitFormat.count(Double(w.nonzeros))) nonzeros (density \(UnitFormat.fixed(density * 100, 2))%, \(p.source))  devices \(p.cluster.count)"
    }

    static func text(_ report: FCReport, cluster: FCCluster, groups: Int) -> String {
        PlanText.fc(report, cluster: cluster, groups: groups)
    }

    static func reportJSON(_ r: FCReport, cluster: FCCluster) -> JSONValue {
        .object([
            ("feasible", .bool(r.feasible)),
            ("violations", .array(r.violations.map(violationJSON))),
            ("makespan", .double(r.makespan)),
            ("totalCommunication", .int(r.totalCommunication)),
            ("devices", .array(r.feasible ? (0..<cluster.count).map { d in
                .object([("name", .string(cluster.names[d])), ("rows", .int(r.rowCounts[d])), ("columns", .int(r.columnCounts[d])),
                         ("nonzeros", .int(r.nonzeros[d])), ("communication", .int(r.communication[d])), ("seconds", .double(r.seconds[d]))])
            } : [])),
        ])
    }
}

extension SolveCommand {
    func solveFC(_ inst: Instance) throws {
        let cluster = try tiling.clusterOptions.devices(for: inst, limit: InputLimits.maxDevices, why: "P5 solvers")
        let (problem, weights) = try fc.problem(inst, file: options.instance, cluster: cluster)
        try writeModel("P5 column-net") { try ColumnNetMILP.model(problem.matrix, cluster: problem.cluster)?.model }
        let s = try Driver.solver(FCProblem.self, named: solver)
        let (result, plan, verdict) = try Driver.solve(problem, solver: s, options: options.solveOptions(seed: fc.seed), json: options.json) {
            fc.fgcp ? FGCP.apply($0, matrix: problem.matrix, devices: problem.cluster.count) : $0
        }
        let report = verdict.figures
        let schedule = try timeline(problem, plan: plan, verdict: verdict, title: "\(inst.name): \(s.name) (fc \(problem.layer))")
        if options.json {
            var pairs: [(key: String, value: JSONValue)] = [
                ("instance", .string(inst.name)), ("problem", .string("fc")), ("layer", .string(problem.layer)),
                ("solver", .string(s.name)), ("status", .string(result.status.rawValue)), ("fgcp", .bool(fc.fgcp)),
                ("objective", .double(report.makespan)),
            ]
            if let b = result.bound { pairs.append(("bound", .double(b))) }
            if let m = result.message { pairs.append(("message", .string(m))) }
            pairs.append(("statistics", StatisticsJSON.json(result.statistics)))
            pairs.append(("report", FCPresentation.reportJSON(report, cluster: problem.cluster)))
            if let schedule { pairs.append(("schedule", schedule.json())) }
            pairs.append(("plan", FCPlanIO.json(plan, problem: problem, weights: weights)))
            printJSON(.object(pairs))
        } else {
            print(FCPresentation.header(inst, problem) + "  solver \(s.name)\(fc.fgcp ? " + FGCP" : "")")
            print("status \(result.status.rawValue)  makespan \(UnitFormat.duration(report.makespan))  solved in \(UnitFormat.duration(result.statistics.seconds))")
            if fc.fgcp, result.status == .optimal { print("(optimal for plain P5; FGCP applied afterwards)") }
            if let m = result.message { print(m) }
            print("")
            print(FCPresentation.text(report, cluster: problem.cluster, groups: plan.partialSums.count), terminator: "")
        }
        if !report.feasible { throw ExitCode(1) }
    }
}

extension CompareCommand {
    func compareFC(_ inst: Instance) throws {
        let cluster = try tiling.clusterOptions.devices(for: inst, limit: InputLimits.maxDevices, why: "P5 solvers")
        let (problem, _) = try fc.problem(inst, file: options.instance, cluster: cluster)
        let w = problem.matrix
        let (solved, gaps) = Driver.compare(problem, options: options.solveOptions(seed: fc.seed))
        // Each plan also judged with FGCP's exchange of off-block groups.
        let rows = solved.map { row in
            (row: row, plain: row.verdict?.figures,
             exchanged: row.result.plan.map { problem.verify(FGCP.apply($0, matrix: w, devices: problem.cluster.count)).figures })
        }
        if options.json {
            printCompareJSON(instance: inst.name, problem: "fc", rows: rows.map { row in
                var p = Driver.rowJSON(row.row, gaps: gaps)
                p += [
                    ("communication", row.plain.map { .int($0.totalCommunication) } ?? .null),
                    ("fgcpObjective", row.exchanged.map { .double($0.makespan) } ?? .null),
                    ("fgcpCommunication", row.exchanged.map { .int($0.totalCommunication) } ?? .null),
                    ("seconds", .double(row.row.result.statistics.seconds)), ("feasible", .bool(row.plain?.feasible ?? false)),
                ]
                if let m = row.row.result.message { p.append(("message", .string(m))) }
                return .object(p)
            })
            return
        }
        print(FCPresentation.header(inst, problem))
        var t = TextTable(header: ["solver", "kind", "status", "makespan (ms)", "gap (%)", "comm (values)", "+FGCP makespan", "+FGCP comm", "time (ms)"],
                          rightAligned: [3, 4, 5, 6, 7, 8])
        var notes: [String] = []
        for row in rows {
            t.rows.append(Driver.rowText(row.row) + [
                           row.plain.map { UnitFormat.milliseconds($0.makespan) } ?? "-", gaps.text(row.plain?.makespan),
                           row.plain.map { "\($0.totalCommunication)" } ?? "-",
                           row.exchanged.map { UnitFormat.milliseconds($0.makespan) } ?? "-", row.exchanged.map { "\($0.totalCommunication)" } ?? "-",
                           UnitFormat.fixed(row.row.result.statistics.seconds * 1e3, 1)])
            if row.plain == nil, let m = row.row.result.message { notes.append("\(row.row.solver.name): \(m)") }
        }
        print(t.render(), terminator: "")
        print("makespan and gap are plain P5 (inputs only); the +FGCP columns exchange each off-block group the cheaper way.")
        for n in notes { print(n) }
    }
}

extension VerifyCommand {
    func verifyFC(_ document: JSONCursor, _ inst: Instance) throws {
        let (p, layer, weights, cluster) = try withInputErrors { try FCPlanIO.read(document) }
        // The plan's cluster is used as is; the instance supplies the model (layer shape) and, for
        // relative .mtx paths, the directory.
        let problem = try withInputErrors { try FCProblem.load(inst, instanceFile: instance, layer: layer, weights: weights, cluster: cluster) }
        try Driver.verify(problem, plan: p, json: json, headline: "fc plan \(plan) on instance \(inst.name), layer \(layer)",
                          jsonValue: { FCPresentation.reportJSON($0.figures, cluster: cluster) },
                          text: { v in v.feasible ? FCPresentation.text(v.figures, cluster: cluster, groups: p.partialSums.count)
                                                  : v.violations.map { "  - \($0)\n" }.joined() })
    }
}
