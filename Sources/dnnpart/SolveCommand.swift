import ArgumentParser
import PartitionModel
import PartitionSolvers

/// Options shared by `solve` and `compare`.
struct ProblemOptions: ParsableArguments {
    @Argument(help: "Instance file (JSON).")
    var instance: String

    @Option(help: "Problem to solve: latency (P1), throughput (P2), three-tier (P3). Default: the instance's.")
    var problem: ProblemKind?

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    func load() throws -> (Instance, ProblemKind) {
        try withInputErrors { () throws -> (Instance, ProblemKind) in
            let inst = try InstanceReader.read(file: instance)
            let kind = problem ?? inst.problem.kind
            guard inst.tiers.count == kind.tierCount else {
                throw InputError(file: instance, path: "$.tiers",
                                 reason: "problem \(kind.rawValue) needs \(kind.tierCount) tiers, the instance has \(inst.tiers.count)")
            }
            guard !SolverCatalog.solvers(for: kind).isEmpty else {
                throw SolverInputError("no solver for problem \(kind.rawValue) in this version of dnnpart")
            }
            return (inst, kind)
        }
    }
}

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve an instance with one solver and print the plan.",
        discussion: """
        Solvers for --problem latency (P1): dsl (exact min-cut), neurosurgeon, edge-only, cloud-only.

        The plan is checked by the verifier before it is printed; the objective shown is the
        verifier's. --json prints {"status", "objective", "plan", "report", "statistics", ...};
        `dnnpart verify` accepts that output as a plan file.

        Example: dnnpart solve instances/small/diamond.json --problem latency --solver dsl
        """
    )

    @OptionGroup var options: ProblemOptions

    @Option(help: "Solver name (default: the exact solver of the problem).")
    var solver: String?

    func run() throws {
        let (inst, kind) = try options.load()
        let available = SolverCatalog.solvers(for: kind)
        let chosen = solver ?? available[0].name
        guard let s = available.first(where: { $0.name == chosen }) else {
            printError("error: unknown solver \"\(chosen)\" for problem \(kind.rawValue) (available: \(available.map(\.name).joined(separator: ", ")))")
            throw ExitCode(2)
        }
        let result = s.run(inst)
        guard let plan = result.plan else {
            if options.json {
                printJSON(.object([("solver", .string(s.name)), ("status", .string(result.status.rawValue)),
                                   ("message", .string(result.message ?? ""))]))
            } else {
                print("solver \(s.name): \(result.status.rawValue)\(result.message.map { ": " + $0 } ?? "")")
            }
            throw ExitCode(1)
        }
        let report = TierPlanVerifier.verify(plan, instance: inst)
        let objective = kind == .throughput ? report.bottleneck : report.latency
        if options.json {
            var pairs: [(key: String, value: JSONValue)] = [
                ("instance", .string(inst.name)),
                ("problem", .string(kind.rawValue)),
                ("solver", .string(s.name)),
                ("status", .string(result.status.rawValue)),
                ("objective", .double(objective)),
            ]
            if let b = result.bound { pairs.append(("bound", .double(b))) }
            if let o = result.objective { pairs.append(("solverObjective", .double(o))) }
            if let m = result.message { pairs.append(("message", .string(m))) }
            pairs.append(("statistics", StatisticsJSON.json(result.statistics)))
            pairs.append(("report", PlanPresentation.json(report, instance: inst)))
            pairs.append(("plan", TierPlanIO.json(plan, instance: inst)))
            printJSON(.object(pairs))
        } else {
            print("instance \(inst.name)  problem \(kind.rawValue)  solver \(s.name)")
            let what = kind == .throughput ? "bottleneck" : "latency"
            print("status \(result.status.rawValue)  \(what) \(UnitFormat.duration(objective))  solved in \(UnitFormat.duration(result.statistics.seconds))")
            if let m = result.message { print(m) }
            print("")
            print(PlanPresentation.text(plan, report: report, instance: inst, listLayers: true), terminator: "")
        }
        if !report.feasible { throw ExitCode(1) }
    }
}

enum StatisticsJSON {
    static func json(_ s: SolveStatistics) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("seconds", .double(s.seconds)), ("iterations", .int(s.iterations)), ("nodes", .int(s.nodes)),
        ]
        for (k, v) in s.extra where v.isFinite { pairs.append((k, .double(v))) }
        return .object(pairs)
    }
}
