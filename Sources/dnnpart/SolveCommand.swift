import ArgumentParser
import PartitionModel
import PartitionSolvers

/// Options shared by `solve` and `compare`.
extension MILPBackend: ExpressibleByArgument {}
extension TierObjective.Kind: ExpressibleByArgument {}

struct ProblemOptions: ParsableArguments {
    @Argument(help: "Instance file (JSON).")
    var instance: String

    @Option(help: "Problem to solve: latency (P1), throughput (P2), three-tier (P3), tiling (P4), fc (P5), channels (P6). Default: the instance's.")
    var problem: ProblemKind?

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    @Option(help: "Measured layer times: CSV layer,tier,UNIT with the unit (s, ms or us) in the header; they replace the instance's estimates.")
    var profile: String?

    @Option(parsing: .unconditional, help: "Time limit for MILP solvers, in seconds.")
    var timeLimit: Double?

    @Option(parsing: .unconditional, help: "Relative gap at which MILP solvers may stop (default 0: prove optimality).")
    var gap: Double = 0

    @Option(help: "MILP backend: glpk (default) or cbc (COIN-OR CBC).")
    var backend: MILPBackend = .glpk

    @Flag(help: "Print progress lines on stderr even when it is not a terminal or with --json (a terminal shows a one-line display after about a second anyway).")
    var progress = false

    @Option(help: "P1 and P3: minimise latency (default), energy (joules of the tiers with power figures) or weighted (latency + --lambda × energy).")
    var objective: TierObjective.Kind?

    @Option(parsing: .unconditional, help: "The weighted objective's λ, seconds per joule.")
    var lambda: Double?

    @Flag(help: "Energy counts each tier's idle power while it waits for the others.")
    var idleEnergy = false

    @Flag(help: "P1–P3: a tier's memory cap bounds the largest working set (inputs + output) of its layers as well as their weights.")
    var activationMemory = false

    var milpOptions: MILPOptions {
        var o = MILPOptions(timeLimit: timeLimit, relativeGap: gap)
        o.backend = backend
        o.progress = ProgressDisplay.shared.handler(forced: progress, json: json)
        return o
    }

    func validate() throws {
        if let l = lambda, !(l.isFinite && l >= 0 && l <= 1e12) { throw ValidationError("--lambda must be a number of seconds per joule in 0…1e12") }
        if let t = timeLimit, !(t.isFinite && t > 0) { throw ValidationError("--time-limit must be a number of seconds > 0") }
        guard gap.isFinite, gap >= 0, gap < 1 else { throw ValidationError("--gap must be in [0, 1)") }
    }

    func load() throws -> (Instance, ProblemKind) {
        try withInputErrors { () throws -> (Instance, ProblemKind) in
            var inst = try loadInstance(instance, profile: profile)
            let kind = problem ?? inst.problem.kind
            inst.problem.objective = try tierObjective(inst, kind: kind)
            if activationMemory { inst.problem.activationMemory = true }
            if kind == .tiling || kind == .fc || kind == .channels || kind == .pipeline { return (inst, kind) }
            guard inst.tiers.count == kind.tierCount else {
                throw InputError(file: instance, path: "$.tiers",
                                 reason: "problem \(kind.rawValue) needs \(kind.tierCount) tiers, the instance has \(inst.tiers.count)")
            }
            return (inst, kind)
        }
    }
}

extension ProblemOptions {
    /// The instance's objective with --objective, --lambda and --idle-energy applied; an error when
    /// it asks for energy on a problem other than P1 and P3, or on an instance without power figures.
    func tierObjective(_ inst: Instance, kind: ProblemKind) throws -> TierObjective? {
        var o = inst.problem.objective
        if objective != nil || lambda != nil || idleEnergy {
            var new = o ?? TierObjective()
            if let k = objective { new.kind = k }
            if let l = lambda {
                guard new.kind == .weighted else { throw SolverInputError("--lambda applies to --objective weighted") }
                new.lambda = l
            } else if new.kind == .weighted && objective != nil && o?.kind != .weighted {
                throw SolverInputError("--objective weighted needs --lambda (seconds per joule)")
            }
            if idleEnergy { new.idle = true }
            o = new
        }
        guard let o, o.kind != .latency else { return o }
        guard kind == .latency || kind == .threeTier else {
            throw SolverInputError("--objective \(o.kind.rawValue) applies to latency (P1) and three-tier (P3) problems, not \(kind.rawValue)")
        }
        let powered = inst.tiers.contains { $0.device?.computeWatts != nil } || inst.links.contains { $0.transmitWatts != nil }
        guard powered else {
            throw SolverInputError("\(inst.name) has no power figures (computeWatts on a tier's device, transmitWatts on a link): every plan would cost 0 J")
        }
        return o
    }
}

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve an instance with one solver and print the plan.",
        discussion: SolverHelp.listing + "\n\n" + """
        --fgcp (fc) exchanges partial sums where that is cheaper (MoDNN's FGCP); --overlap (channels) judges the steady-state period with compute/communication overlap.

        With --problem throughput and a frame rate (--rate, or "rate" in the instance) and no --solver, the plan follows DADS's mode selection: the latency-optimal plan if it sustains the rate (lightly loaded), else the throughput-optimal plan (heavily loaded); if even that cannot keep up, dnnpart says so and prints the highest sustainable rate.

        The plan is checked by the verifier before it is printed; the objective shown is the verifier's (latency, or the bottleneck stage for throughput). --json prints {"status", "objective", "plan", "report", "statistics", ...}; `dnnpart verify` accepts it as a plan file. --write-lp FILE saves the problem's MILP (P1, P2, P3, P5 or P6; P4 searches many models) in CPLEX LP format for other solvers; the objective's constant is written as a variable fixed at 1, so other solvers read the same objective.

        Examples:
          dnnpart solve instances/small/diamond.json --solver dsl
          dnnpart solve instances/small/chain4.json --problem throughput --rate 150
          dnnpart solve instances/small/chain4.json --problem throughput \\
            --write-lp p2.lp
          dnnpart solve instances/zoo/vgg16-rpi3-server-8core-wifi.json \\
            --problem tiling --layers conv1_1..pool2 --devices 4 --solver gtdp
          dnnpart solve instances/fc/alexnet-fc6-magnitude.json --devices 4 --fgcp
        """
    )

    @OptionGroup var options: ProblemOptions

    @OptionGroup var tiling: TilingOptions

    @OptionGroup var fc: FCOptions

    @OptionGroup var channels: ChannelOptions

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var edge: EdgeNodeOptions

    @Option(help: "Solver name (default: the problem's default in the list above).")
    var solver: String?

    @Option(parsing: .unconditional, help: "Required frame rate in frames/s (throughput mode selection).")
    var rate: Double?

    @Option(help: "Write the problem's MILP model to this file (CPLEX LP format).")
    var writeLp: String?

    @OptionGroup var pictures: PictureOptions

    @Flag(help: "Print the table of every layer after the summary and the cut edges (shown anyway for graphs of up to 30 layers; `--layers` names a tiling block).")
    var layerTable = false

    func validate() throws {
        if let r = rate, !(r.isFinite && r > 0) { throw ValidationError("--rate must be a frame rate > 0") }
    }

    func run() throws {
        defer { ProgressDisplay.shared.finish() }
        let (inst, kind) = try options.load()
        if writeLp != nil, kind == .tiling {
            printError("error: --write-lp: the tiling solver searches many grid models, so there is no single MILP to write (P1, P2, P3, P5 and P6 have one)")
            throw ExitCode(ExitStatus.badInput)
        }
        if kind == .tiling { return try solveTiling(inst) }
        if kind == .threeTier, let d3 = try edge.problem(inst, tiling: tiling) { return try solveD3(d3) }
        if kind == .fc { return try solveFC(inst) }
        if kind == .channels { return try solveChannels(inst) }
        if kind == .pipeline { return try solvePipeline(inst) }
        try writeModel(kind == .throughput ? "P2" : kind == .threeTier ? "P3" : "P1") {
            kind == .threeTier ? TierChainMILP.firstRoundModel(inst)
                : EdgeCloudMILP.firstRoundModel(try EdgeCloudCosts(inst), objective: kind == .throughput ? .bottleneck : .latency)
        }
        let requiredRate = rate ?? (kind == .throughput ? inst.problem.rate : nil)
        var decision: ModeSelection.Decision?
        let result: SolveResult<TierAssignment>
        if kind == .throughput, solver == nil, let q = requiredRate {
            let d = try withInputErrors { try ModeSelection.decide(inst, rate: q, options: options.milpOptions) }
            decision = d
            result = d.result
        } else {
            let o = options.solveOptions()
            switch kind {
            case .latency: result = try Driver.solver(LatencyProblem.self, named: solver).solve(LatencyProblem(inst), options: o)
            case .throughput: result = try Driver.solver(ThroughputProblem.self, named: solver).solve(ThroughputProblem(inst), options: o)
            default: result = try Driver.solver(ThreeTierProblem.self, named: solver).solve(ThreeTierProblem(inst), options: o)
            }
        }
        guard let plan = result.plan else {
            throw noPlanExit(solver: result.solver, status: result.status, message: result.message, bound: result.bound, json: options.json)
        }
        let report = TierPlanVerifier.verify(plan, instance: inst)
        let objective = kind == .throughput ? report.bottleneck : report.score
        let schedule = pictures.wantsSchedule(json: options.json) ? TierSchedule.of(plan, instance: inst, report: report, kind: kind) : nil
        try pictures.write(dot: { PlanDOT.dot(plan, instance: inst, report: report) }, schedule: schedule,
                           title: "\(inst.name): \(result.solver) (\(kind.rawValue))")
        if options.json {
            var pairs: [(key: String, value: JSONValue)] = [
                ("instance", .string(inst.name)),
                ("problem", .string(kind.rawValue)),
                ("solver", .string(result.solver)),
                ("status", .string(result.status.rawValue)),
                ("objective", .double(objective)),
            ]
            if kind != .throughput { pairs.append(("objectiveKind", .string(report.objective.kind.rawValue))) }
            if let b = result.bound { pairs.append(("bound", .double(b))) }
            if let o = result.objective { pairs.append(("solverObjective", .double(o))) }
            if let m = result.message { pairs.append(("message", .string(m))) }
            if let q = requiredRate {
                pairs.append(("rate", .double(q)))
                pairs.append(("sustainsRate", .bool(report.bottleneck < 1 / q)))
            }
            if let d = decision {
                pairs.append(("mode", .string(d.mode.rawValue)))
                if let m = d.maximumRate, m.isFinite { pairs.append(("maximumRate", .double(m))) }
            }
            pairs.append(("statistics", StatisticsJSON.json(result.statistics)))
            pairs.append(("report", PlanPresentation.json(report, instance: inst)))
            if let schedule { pairs.append(("schedule", schedule.json())) }
            pairs.append(("plan", TierPlanIO.json(plan, instance: inst)))
            printJSON(.object(pairs))
        } else {
            print("instance \(inst.name)  problem \(kind.rawValue)  solver \(result.solver)")
            var line = "status \(result.status.rawValue)  "
            switch (kind, report.objective.kind) {
            case (.throughput, _): line += "bottleneck \(UnitFormat.duration(objective))"
            case (_, .latency): line += "latency \(UnitFormat.duration(objective))"
            case (_, .energy): line += "energy \(UnitFormat.energy(objective)) (latency \(UnitFormat.duration(report.latency)))"
            case (_, .weighted): line += "\(report.objective.label) = \(UnitFormat.fixed(objective, 6)) (latency \(UnitFormat.duration(report.latency)), energy \(UnitFormat.energy(report.energy)))"
            }
            if kind == .throughput { line += " (\(UnitFormat.fixed(report.throughput, 2)) frames/s)" }
            print(line + "  solved in \(UnitFormat.duration(result.statistics.seconds))")
            if let b = result.bound, result.status != .optimal { print("best bound \(UnitFormat.duration(b))") }
            if let m = result.message { print(m) }
            if let d = decision {
                let q = UnitFormat.fixed(d.rate, 2)
                switch d.mode {
                case .lightlyLoaded:
                    print("mode lightly-loaded: the latency-optimal plan sustains \(q) frames/s (bottleneck \(UnitFormat.duration(d.latencyPlanBottleneck)) < \(UnitFormat.duration(1 / d.rate)))")
                case .heavilyLoaded:
                    print("mode heavily-loaded: the latency-optimal plan's bottleneck \(UnitFormat.duration(d.latencyPlanBottleneck)) cannot sustain \(q) frames/s; using the throughput-optimal plan")
                case .unsustainable:
                    print("mode unsustainable: no plan sustains \(q) frames/s; the highest sustainable rate is \(UnitFormat.fixed(d.maximumRate ?? 0, 2)) frames/s (below; the plan shown is throughput-optimal)")
                }
            } else if let q = requiredRate {
                print(report.bottleneck < 1 / q ? "sustains \(UnitFormat.fixed(q, 2)) frames/s" : "does NOT sustain \(UnitFormat.fixed(q, 2)) frames/s")
            }
            print("")
            let table = layerTable || inst.graph.count <= SolveCommand.smallGraph
            print(PlanPresentation.text(plan, report: report, instance: inst, listLayers: table), terminator: "")
            if !table { print("\n(\(inst.graph.count) layers: --layer-table lists every one)") }
        }
        if !report.feasible { throw ExitCode(1) }
    }
}

extension SolveCommand {
    /// Graphs up to this many layers print their layer table without `--layer-table`.
    static let smallGraph = 30

    /// With `--write-lp FILE`, writes the model `make` builds (exit 2 when it cannot be built or written).
    func writeModel(_ label: String, _ make: () throws -> MILPModel?) throws {
        guard let path = writeLp else { return }
        try withInputErrors {
            guard let model = try make() else { throw SolverInputError("--write-lp: this instance has no model to write (nothing to compute)") }
            do { try GLPKBackend.writeLP(model, path: path) } catch let e as MILPModel.InvalidModel {
                throw SolverInputError("cannot write the LP model: \(e.reason)")
            }
        }
        printError("wrote the \(label) MILP to \(path)")
    }

    /// The plan's schedule (its objective is the verifier's) when `--json` or `--gantt` needs it,
    /// written with `--gantt`; `--dot` is refused, since only tier plans have a layer graph.
    func timeline<P: PartitionProblem>(_ problem: P, plan: P.Plan, verdict: Verdict<P.Figures>, title: String) throws -> Schedule? {
        let schedule = pictures.wantsSchedule(json: options.json) ? problem.schedule(plan, verdict: verdict) : nil
        try pictures.write(dot: nil, schedule: schedule, title: title)
        return schedule
    }

    func solveTiling(_ inst: Instance) throws {
        let problem = try tiling.problem(inst)
        let (block, cluster, mode) = (problem.block, problem.cluster, problem.mode)
        let s = try Driver.solver(TilingProblem.self, named: solver)
        try Driver.requireAccepts(s, problem)
        let (result, plan, verdict) = try Driver.solve(problem, solver: s, options: options.solveOptions(), json: options.json)
        let report = verdict.figures
        let schedule = try timeline(problem, plan: plan, verdict: verdict, title: "\(inst.name): \(s.name) (tiling, \(mode.rawValue))")
        if options.json {
            var pairs: [(key: String, value: JSONValue)] = [
                ("instance", .string(inst.name)), ("problem", .string("tiling")), ("mode", .string(mode.rawValue)),
                ("solver", .string(s.name)), ("status", .string(result.status.rawValue)), ("objective", .double(report.makespan)),
            ]
            if let b = result.bound { pairs.append(("bound", .double(b))) }
            pairs.append(("block", .array(block.stages.map { .string($0.id) })))
            pairs.append(("statistics", StatisticsJSON.json(result.statistics)))
            pairs.append(("report", TilingPresentation.reportJSON(report, cluster: cluster)))
            if let schedule { pairs.append(("schedule", schedule.json())) }
            pairs.append(("plan", TilingPlanIO.json(plan, block: block, cluster: cluster, execution: problem.execution)))
            printJSON(.object(pairs))
        } else {
            print("instance \(inst.name)  problem tiling (\(mode.rawValue))  solver \(s.name)  devices \(cluster.count)")
            print("block \(block.stages.first!.id)…\(block.stages.last!.id): \(block.stages.count) stages, input \(block.inputHeight)×\(block.inputWidth), output \(block.outputHeight)×\(block.outputWidth)")
            print("status \(result.status.rawValue)  makespan \(UnitFormat.duration(report.makespan))  solved in \(UnitFormat.duration(result.statistics.seconds))")
            if let m = result.message { print(m) }
            print("")
            print(TilingPresentation.text(plan, report: report, block: block, cluster: cluster), terminator: "")
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
