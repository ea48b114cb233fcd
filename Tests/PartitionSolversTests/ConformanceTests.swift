import Testing
import ModelZoo
import PartitionModel
import PartitionSolvers
import TestSupport

// The conformance suite: every solver of the catalog, on every problem of every shipped instance,
// judged by the verifier. A solver added to the catalog is tested here without a new test; a
// problem joins by adding its cases to `conformanceCases`.

/// What the suite does not check, in one place, each with its reason.
enum ConformanceExclusions {
    /// Solvers left out of a problem entirely.
    static let skipped: [(problem: ProblemKind, solver: String, instance: String?, reason: String)] = [
        (.fc, "milp", "fc/", "the column-net MILP refuses the zoo's FC layers (tens of thousands of binaries); it runs on fc-tiny"),
        (.fc, "dhillon", "magnitude", "on the 9%-dense magnitude-pruned layers (2–9 million nonzeros) the Lanczos runs take a minute per layer in a debug build; it runs on the block-sparse layers and fc-tiny"),
        (.fc, "mscc", "magnitude", "the same Lanczos runs as dhillon; it runs on the block-sparse layers and fc-tiny"),
    ]

    /// Why `solver` is skipped on this case, if it is.
    static func skipReason(_ problem: ProblemKind, _ solver: String, file: String) -> String? {
        skipped.first { $0.problem == problem && $0.solver == solver && ($0.instance.map { file.contains($0) } ?? true) }?.reason
    }
}

/// The tolerances the suite holds solvers to, stated once.
enum ConformanceTolerance {
    /// The solver's objective against the verifier's (they add the same terms in other orders).
    static let objective = 1e-9
    /// An exact solver's proven optimum against the known one: the MILPs prove 1e-7.
    static let optimum = 1e-6
}

/// One (problem × instance) case: runs every catalog solver and returns what failed.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    let label: String
    let run: @Sendable () throws -> [String]
    var testDescription: String { label }
}

/// `instances/MANIFEST.json`, read once for every case.
private let shippedManifest = try? RepositoryPaths.manifest()

/// The known optimum of a shipped instance's problem, from `instances/MANIFEST.json`.
func manifestOptimum(_ file: String, _ key: String) -> Double? {
    guard let m = shippedManifest, case let .array(items)? = m["instances"],
          let entry = items.first(where: { $0["file"] == .string(file) }),
          case let .number(n)? = entry["optima"]?[key] else { return nil }
    return n.doubleValue
}

/// Runs every solver of `P` on `problem`; `optimum` is the known optimum when there is one.
func conform<P: SolvableProblem>(_ problem: P, file: String, optimum: Double?) -> [String] {
    var failures: [String] = []
    var verified: [(solver: Solver<P>, result: SolveResult<P.Plan>, objective: Double)] = []
    let options = SolveOptions(milp: MILPOptions(timeLimit: 60))
    for s in P.solvers {
        if ConformanceExclusions.skipReason(P.kind, s.name, file: file) != nil || s.refusal(problem) != nil { continue }
        let r = s.solve(problem, options: options)
        guard let plan = r.plan, let objective = r.objective else {
            failures.append("\(s.name): no plan (\(r.status.rawValue): \(r.message ?? ""))")
            continue
        }
        let v = problem.verify(plan)
        // A heuristic that ignores memory caps may break them (the verifier flags it); nothing else may be broken.
        let flagged = !s.exact && v.violations.allSatisfy { $0.kind == "memory" }
        if !v.feasible && !flagged { failures.append("\(s.name): infeasible plan: \(v.violations.prefix(3))") }
        if !(abs(objective - v.objective) <= ConformanceTolerance.objective * max(abs(v.objective), 1e-300)) {
            failures.append("\(s.name): solver objective \(objective) ≠ verifier \(v.objective)")
        }
        if let b = r.bound, b > v.objective * (1 + ConformanceTolerance.objective) {
            failures.append("\(s.name): bound \(b) above its objective \(v.objective)")
        }
        if r.status == .optimal && !s.exact { failures.append("\(s.name): a heuristic claims optimal") }
        failures += scheduleFailures(problem.schedule(plan, verdict: v), objective: problem.scheduledSeconds(v)).map { "\(s.name): schedule: \($0)" }
        if v.feasible { verified.append((s, r, v.objective)) }
        // Every MILP runs on the second backend too: CBC must prove the same optimum.
        if s.name == "milp", r.status == .optimal {
            var cbc = options
            cbc.milp.backend = .cbc
            let other = s.solve(problem, options: cbc)
            if other.status != .optimal || other.plan == nil {
                failures.append("milp on CBC: \(other.status.rawValue) (\(other.message ?? ""))")
            } else {
                let w = problem.verify(other.plan!).objective
                if abs(w - v.objective) > ConformanceTolerance.optimum * max(abs(v.objective), 1e-300) {
                    failures.append("milp: GLPK's optimum \(v.objective), CBC's \(w)")
                }
            }
        }
    }
    let proven = verified.filter { $0.solver.exact && $0.result.status == .optimal }
    guard let reference = optimum ?? proven.map(\.objective).min() else { return failures }
    for p in proven where abs(p.objective - reference) > ConformanceTolerance.optimum * reference {
        failures.append("\(p.solver.name): claims optimal at \(p.objective), the optimum is \(reference)")
    }
    for h in verified where !h.solver.otherPlanSpace(problem) && h.objective < reference * (1 - ConformanceTolerance.optimum) {
        failures.append("\(h.solver.name): \(h.objective) beats the optimum \(reference)")
    }
    return failures
}

/// What is wrong with a plan's schedule: its objective (makespan, or period when pipelined) must
/// be the verifier's, and the bars on one lane must not overlap or run backwards.
func scheduleFailures(_ schedule: Schedule, objective: Double) -> [String] {
    guard objective.isFinite else { return [] }
    var failures: [String] = []
    let tolerance = ConformanceTolerance.objective * max(abs(objective), 1e-300)
    if !(abs(schedule.objective - objective) <= tolerance) {
        failures.append("objective \(schedule.objective) ≠ verifier \(objective)")
    }
    var laneEnd = [Double](repeating: 0, count: schedule.lanes.count)
    for b in schedule.bars {
        guard schedule.lanes.indices.contains(b.lane) else { failures.append("bar \(b.label) on lane \(b.lane)"); continue }
        if !(b.start >= 0 && b.end >= b.start) { failures.append("bar \(b.label) runs from \(b.start) to \(b.end)") }
        if b.start < laneEnd[b.lane] - tolerance { failures.append("bar \(b.label) overlaps the previous one on \(schedule.lanes[b.lane].name)") }
        laneEnd[b.lane] = max(laneEnd[b.lane], b.end)
    }
    if objective > 0 && !schedule.bars.contains(where: \.critical) { failures.append("no critical bar") }
    return failures
}

/// The tiling cases: the first conv…pool block of the zoo's tiling models on 2 and 4 phones, both modes.
private let tilingCases: [ConformanceCase] = [
    ("zoo/vgg16-rpi3-server-8core-wifi.json", "conv1_1", "pool1"),
    ("zoo/tiny-yolov2-rpi3-server-8core-wifi.json", "conv1", "pool1"),
    ("zoo/caffenet-nexus5-server-8core-medenn-wifi.json", "conv1", "pool1"),
].flatMap { file, from, to in
    [2, 4].flatMap { devices in
        TilingMode.allCases.map { mode in
            ConformanceCase(label: "tiling \(file) \(from)…\(to) \(devices)×nexus5 \(mode.rawValue)") {
                let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
                let block = try ConvBlock(graph: inst.graph, from: from, to: to)
                let cluster = try DevicePresets.cluster(devices, device: "nexus5", network: "medenn-wifi")
                return conform(TilingProblem(block: block, cluster: cluster, mode: mode), file: file, optimum: nil)
            }
        }
    }
}

/// The tiling cases under every execution option at once (MeDNN's setting), both modes.
private let executionCases: [ConformanceCase] = TilingMode.allCases.map { mode in
    ConformanceCase(label: "tiling caffenet conv1…pool2 3×nexus5 \(mode.rawValue), every execution option") {
        let file = "zoo/caffenet-nexus5-server-8core-medenn-wifi.json"
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
        let block = try ConvBlock(graph: inst.graph, from: "conv1", to: "pool2")
        let cluster = try DevicePresets.cluster(3, device: "nexus5", network: "medenn-wifi")
        let execution = TilingExecution(coordinatorComputes: true, overlap: true, phaseSeconds: 0.02, memoryAccess: true)
        var failures = conform(TilingProblem(block: block, cluster: cluster, mode: mode, execution: execution), file: file, optimum: nil)
        // Peer-to-peer halos as well (layer-wise: the heuristics only; the exact search refuses it).
        var p2p = execution
        p2p.peerToPeer = true
        failures += conform(TilingProblem(block: block, cluster: cluster, mode: mode, execution: p2p), file: file, optimum: nil)
        // The period objective (exact in fused mode; the heuristics only layer-wise).
        failures += conform(TilingProblem(block: block, cluster: cluster, mode: mode, execution: execution, period: true), file: file, optimum: nil)
        return failures
    }
}

/// P6 with a cost per exchange phase (DeCNN's synchronisations), both objectives.
private let exchangeCases: [ConformanceCase] = [false, true].map { overlap in
    ConformanceCase(label: "channels\(overlap ? " (period)" : "") resnet50-g4 with 50 ms per exchange") {
        let file = "channels/resnet50-g4-w1.5-4xrpi3-wifi.json"
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
        let p = ChannelProblem(network: try ChannelNetwork(graph: inst.graph), cluster: inst.cluster, overlap: overlap, name: inst.name,
                               exchangeSeconds: 0.05)
        // The group space too: both exact group solvers must still agree under the cost.
        let groups = ChannelProblem(network: p.network, cluster: p.cluster, overlap: overlap, name: inst.name, exchangeSeconds: 0.05, planSpace: .groups)
        return conform(p, file: file, optimum: nil) + conform(groups, file: file, optimum: nil)
    }
}

/// D3's combined problem on every three-tier instance: four Jetson TK1 edge nodes over gigabit Ethernet.
private let edgeTilingCases: [ConformanceCase] = RepositoryPaths.instanceFiles().filter { $0.contains("three-tier") }.map { file in
    ConformanceCase(label: "three-tier with 4 tiled edge nodes \(file)") {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
        let edge = try DevicePresets.cluster(4, device: "jetson-tk1", network: "gbe")
        return conform(EdgeTilingProblem(inst, edge: edge), file: file, optimum: nil)
    }
}

/// Every problem of every shipped instance, and the tiling cases.
let conformanceCases: [ConformanceCase] = RepositoryPaths.instanceFiles().flatMap { file -> [ConformanceCase] in
    let path = RepositoryPaths.path("instances/" + file)
    guard let inst = try? InstanceReader.read(file: path) else {
        return [ConformanceCase(label: file) { ["the shipped instance does not read"] }]
    }
    switch inst.problem.kind {
    case .fc:
        return [ConformanceCase(label: "fc \(file)") {
            let p = try FCProblem.load(inst, instanceFile: path, cluster: inst.cluster)
            return conform(p, file: file, optimum: manifestOptimum(file, "fc"))
        }]
    case .channels:
        return ChannelPlanSpace.allCases.flatMap { space in
            [false, true].map { overlap in
                ConformanceCase(label: "channels \(space.rawValue)\(overlap ? " (period)" : "") \(file)") {
                    let p = ChannelProblem(network: try ChannelNetwork(graph: inst.graph), cluster: inst.cluster, overlap: overlap, name: inst.name,
                                           planSpace: space)
                    let key = "channels" + (space == .groups ? "-groups" : "") + (overlap ? "-overlap" : "")
                    return conform(p, file: file, optimum: manifestOptimum(file, key))
                }
            }
        }
    case .pipeline:
        return PipelineProblem.Objective.allCases.map { objective in
            ConformanceCase(label: "pipeline \(objective.rawValue) \(file)") {
                let p = PipelineProblem(graph: inst.graph, devices: inst.cluster, bandwidth: inst.problem.bandwidths, objective: objective,
                                        activationMemory: inst.problem.activationMemory == true, name: inst.name)
                return conform(p, file: file, optimum: manifestOptimum(file, "pipeline-\(objective.rawValue)"))
            }
        }
    default:
        if inst.tiers.count == 3 {
            return [ConformanceCase(label: "three-tier \(file)") {
                conform(ThreeTierProblem(inst), file: file, optimum: manifestOptimum(file, "three-tier"))
            }] + energyCases(inst, file: file) { ThreeTierProblem($0) }
        }
        return [
            ConformanceCase(label: "latency \(file)") { conform(LatencyProblem(inst), file: file, optimum: manifestOptimum(file, "latency")) },
            ConformanceCase(label: "throughput \(file)") {
                conform(ThroughputProblem(inst), file: file, optimum: manifestOptimum(file, "throughput"))
            },
        ] + energyCases(inst, file: file) { LatencyProblem($0) }
    }
} + tilingCases + executionCases + exchangeCases + edgeTilingCases

/// P1 or P3 under the energy objective (with idle power) and latency + 0.1 s/J × energy, on an
/// instance with power figures.
private func energyCases<P: TierChainProblem & SolvableProblem>(_ inst: Instance, file: String, _ make: @escaping @Sendable (Instance) -> P) -> [ConformanceCase] {
    guard inst.tiers.contains(where: { $0.device?.computeWatts != nil }) else { return [] }
    return [TierObjective(.energy, idle: true), TierObjective(.weighted, lambda: 0.1)].map { objective in
        ConformanceCase(label: "\(P.kind.rawValue) \(objective.label)\(objective.idle ? " with idle power" : "") \(file)") {
            var i = inst
            i.problem.objective = objective
            return conform(make(i), file: file, optimum: nil)
        }
    }
}

@Suite("Conformance: every catalog solver on every problem of every shipped instance")
struct ConformanceTests {
    @Test(arguments: conformanceCases)
    func everySolverIsFeasibleAgreesWithTheVerifierAndRespectsTheOptimum(_ c: ConformanceCase) throws {
        let failures = try c.run()
        #expect(failures.isEmpty, "\(c.label):\n\(failures.joined(separator: "\n"))")
    }

    /// Every shipped instance has a manifest entry with its optima, or says why one is unproven.
    @Test(arguments: RepositoryPaths.instanceFiles())
    func theManifestCoversEveryShippedInstance(file: String) throws {
        guard case let .array(items)? = try RepositoryPaths.manifest()["instances"],
              let entry = items.first(where: { $0["file"] == .string(file) }) else {
            Issue.record("\(file) has no entry in instances/MANIFEST.json (run scripts/manifest-optima.py)")
            return
        }
        guard case let .object(optima)? = entry["optima"] else { Issue.record("\(file): no optima"); return }
        #expect(!optima.isEmpty || entry["unproven"] != nil, "\(file): neither an optimum nor a reason")
    }

    /// The catalog names are unique per problem and the first solver of each problem is exact.
    @Test func everyProblemListsUniqueSolversWithAnExactDefault() {
        func check<P: SolvableProblem>(_: P.Type) {
            let names = P.solvers.map(\.name)
            #expect(Set(names).count == names.count, "\(P.kind): duplicate solver names \(names)")
            #expect(P.solvers.first?.exact == true, "\(P.kind): the default solver is not exact")
        }
        check(LatencyProblem.self)
        check(ThroughputProblem.self)
        check(ThreeTierProblem.self)
        check(TilingProblem.self)
        check(FCProblem.self)
        check(ChannelProblem.self)
    }
}
