import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

@Suite("MILP layer (GLPK)")
struct MILPTests {
    @Test func solvesASmallKnapsackExactly() {
        // max 10a + 13b + 7c + 8d  s.t. 3a + 4b + 2c + 3d ≤ 7: best {b, d} = 21? {a, b} = 23 (weight 7).
        var m = MILPModel(name: "knapsack", sense: .maximize)
        let items = [(10.0, 3.0), (13, 4), (7, 2), (8, 3)]
        let x = items.enumerated().map { m.addVariable("x\($0.offset)", kind: .binary, objective: $0.element.0) }
        m.addRow("weight", zip(x, items).map { ($0, $1.1) }, upper: 7)
        let r = GLPKBackend.solve(m)
        #expect(r.status == .optimal)
        #expect(r.objective == 23)
        #expect(r.bound == 23)
        #expect(r.values == [1, 1, 0, 0])
        #expect(r.rawReturnCode == 0 && r.rawStatus == 5)
    }

    @Test func mixedIntegerWithFreeAndFixedVariables() {
        // min y  s.t. y ≥ 2.5 − n, y ≥ n − 2.5, n integer in [0, 10], y free: n ∈ {2, 3}, y = 0.5.
        var m = MILPModel()
        let y = m.addVariable("y", lower: nil, objective: 1)
        let n = m.addVariable("n", lower: 0, upper: 10, kind: .integer)
        let f = m.addVariable("fixed", lower: 4, upper: 4)
        m.addRow("a", [(y, 1), (n, 1)], lower: 2.5)
        m.addRow("b", [(y, 1), (n, -1)], lower: -2.5)
        m.addRow("dup", [(n, 1), (n, 1), (f, 0)], upper: 100)  // duplicate terms are summed, zeros dropped
        let r = GLPKBackend.solve(m)
        #expect(r.status == .optimal)
        #expect(abs(r.objective! - 0.5) < 1e-9)
        #expect(r.values![2] == 4)
    }

    @Test(arguments: [true, false])
    func infeasibleModelIsReportedAsInfeasible(presolve: Bool) {
        var m = MILPModel()
        let a = m.addVariable("a", kind: .binary, objective: 1)
        let b = m.addVariable("b", kind: .binary, objective: 1)
        m.addRow("impossible", [(a, 1), (b, 1)], lower: 3)
        let r = GLPKBackend.solve(m, options: MILPOptions(presolve: presolve))
        #expect(r.status == .infeasible)
        #expect(r.values == nil && r.objective == nil)
    }

    @Test func timeLimitIsReportedAsTimeLimit() {
        // A 300-item multi-dimensional knapsack with correlated weights: far from solvable in 50 ms.
        var rng = SeededGenerator(seed: 11)
        var m = MILPModel(sense: .maximize)
        let weights = (0..<30).map { _ in (0..<300).map { _ in Double(Int.random(in: 100...1000, using: &rng)) } }
        let x = (0..<300).map { j in m.addVariable("x\(j)", kind: .binary, objective: weights.map { $0[j] }.reduce(0, +) / 30 + Double(Int.random(in: 0...50, using: &rng))) }
        for (i, w) in weights.enumerated() { m.addRow("c\(i)", zip(x, w).map { ($0, $1) }, upper: w.reduce(0, +) / 2) }
        let r = GLPKBackend.solve(m, options: MILPOptions(timeLimit: 0.05))
        #expect(r.status == .timeLimit, "status \(r.status), \(r.statistics.seconds) s, nodes \(r.statistics.nodes)")
        #expect(r.rawReturnCode == 9)  // GLP_ETMLIM
        if let o = r.objective, let b = r.bound { #expect(b >= o - 1e-6, "a maximisation bound is above the incumbent") }
        #expect(r.statistics.seconds < 5)
    }

    static let invalidModels: [(String, MILPModel, String)] = {
        var nanCoefficient = MILPModel()
        let a = nanCoefficient.addVariable("a")
        nanCoefficient.addRow("r", [(a, .nan)], upper: 1)
        var badIndex = MILPModel()
        _ = badIndex.addVariable("a")
        badIndex.addRow("r", [(7, 1)], upper: 1)
        var crossedBounds = MILPModel()
        _ = crossedBounds.addVariable("a", lower: 2, upper: 1)
        var infiniteBound = MILPModel()
        _ = infiniteBound.addVariable("a", lower: 0, upper: .infinity)
        var infiniteObjective = MILPModel()
        _ = infiniteObjective.addVariable("a", objective: -.infinity)
        var crossedRow = MILPModel()
        let b = crossedRow.addVariable("b")
        crossedRow.addRow("r", [(b, 1)], lower: 5, upper: 4)
        return [("NaN coefficient", nanCoefficient, "not finite"), ("index out of range", badIndex, "out of range"),
                ("crossed bounds", crossedBounds, "lower bound 2.0 > upper bound 1.0"), ("infinite bound", infiniteBound, "not finite"),
                ("infinite objective", infiniteObjective, "not finite"), ("crossed row", crossedRow, "lower bound 5.0 > upper bound 4.0"),
                ("no variables", MILPModel(), "no variables")]
    }()

    @Test(arguments: invalidModels)
    func invalidModelsAreRefusedBeforeGLPKIsCalled(name: String, model: MILPModel, reason: String) {
        let r = GLPKBackend.solve(model)
        #expect(r.status == .error, "\(name)")
        #expect(r.message?.contains(reason) == true, "\(name): \(r.message ?? "")")
        #expect(r.rawReturnCode == 0)
        #expect(throws: MILPModel.InvalidModel.self) { try GLPKBackend.writeLP(model, path: "/tmp/never.lp") }
    }

    @Test func invalidOptionsAreRefused() {
        var m = MILPModel()
        _ = m.addVariable("a", objective: 1)
        #expect(GLPKBackend.solve(m, options: MILPOptions(timeLimit: -1)).status == .error)
        #expect(GLPKBackend.solve(m, options: MILPOptions(relativeGap: .nan)).status == .error)
    }

    @Test func writesACPLEXLPFileKeepingTheSense() throws {
        var m = MILPModel(name: "tiny model", sense: .maximize)
        let a = m.addVariable("a-1", kind: .binary, objective: 2)
        let b = m.addVariable("9b", lower: 0, upper: 4, kind: .integer, objective: 1)
        m.addRow("cap", [(a, 1), (b, 1)], upper: 3)
        let path = Shell.temporaryDirectory() + "/m.lp"
        try GLPKBackend.writeLP(m, path: path)
        let text = try FileBytes.readText(path: path)
        #expect(text.contains("Maximize"))
        #expect(text.contains("a_1") && text.contains("_9b"))
        #expect(text.contains("cap: + _9b + a_1 <= 3") || text.contains("cap: + a_1 + _9b <= 3"))
        #expect(throws: MILPModel.InvalidModel.self) { try GLPKBackend.writeLP(m, path: "/nonexistent/dir/m.lp") }
    }
}

@Suite("P2 throughput split")
struct ThroughputSplitTests {
    /// 20 per family, 2–12 layers.
    static let cases: [(RandomInstances.Family, UInt64)] = RandomInstances.Family.allCases.flatMap { f in (100..<120).map { (f, UInt64($0)) } }

    func verifiedBottleneck(_ r: SolveResult<TierAssignment>, _ inst: Instance) -> Double {
        guard let plan = r.plan, let objective = r.objective else {
            Issue.record("\(r.solver): no plan (\(r.status))")
            return .nan
        }
        let rep = TierPlanVerifier.verify(plan, instance: inst)
        #expect(rep.feasible)
        #expect(nearlyEqual(objective, rep.bottleneck), "\(r.solver): \(objective) vs verifier \(rep.bottleneck)")
        return rep.bottleneck
    }

    @Test(arguments: cases)
    func milpEqualsBruteForceAndDSHIsWithinThreeTimesTheOptimum(family: RandomInstances.Family, seed: UInt64) {
        let inst = randomInstance(family, seed: seed)
        let opt = BruteForce.minimum(inst) { $0.bottleneck }.value
        let milp = EdgeCloudMILP.solve(inst, objective: .bottleneck)
        #expect(milp.status == .optimal)
        let t = verifiedBottleneck(milp, inst)
        // GLPK proves optimality to its relative objective tolerance (1e-7 of the scaled objective).
        #expect(abs(t - opt) <= 1e-6 * opt, "\(inst.name): MILP \(t) vs brute force \(opt)")
        #expect(milp.bound! <= t * (1 + 1e-12))
        let dsh = verifiedBottleneck(DSH.solve(inst), inst)
        #expect(dsh >= opt * (1 - 1e-9) && dsh <= 3 * opt * (1 + 1e-9), "DSH \(dsh) outside [OPT, 3·OPT] = [\(opt), \(3 * opt)]")
        let ns = verifiedBottleneck(Neurosurgeon.solve(inst, objective: .bottleneck), inst)
        #expect(ns >= opt * (1 - 1e-9))
        for s in SolverCatalog.solvers(for: .throughput) {
            #expect(verifiedBottleneck(s.run(inst), inst) >= opt * (1 - 1e-6), "\(s.name)")
        }
    }

    @Test func dshGapIsMeasured() {
        var worst = 0.0, total = 0.0, exact = 0
        for (family, seed) in Self.cases {
            let inst = randomInstance(family, seed: seed)
            let opt = EdgeCloudMILP.solve(inst, objective: .bottleneck).objective!
            let dsh = DSH.solve(inst).objective!
            let dsl = SolverCatalog.bottleneckOf(DSLSolver.solve(inst), inst).objective!
            #expect(dsh <= dsl * (1 + 1e-12), "DSH must never lose to the latency-optimal plan (α = γ = 1 is on its grid)")
            let gap = (dsh - opt) / opt
            worst = max(worst, gap)
            total += gap
            if gap < 1e-9 { exact += 1 }
        }
        print("DSH on \(Self.cases.count) random DAGs: mean gap \(UnitFormat.fixed(100 * total / Double(Self.cases.count), 2))%, worst \(UnitFormat.fixed(100 * worst, 2))%, optimal on \(exact)")
        #expect(worst <= 2)
    }

    @Test(arguments: randomLatencyCases)
    func p1MILPEqualsTheMinCut(family: RandomInstances.Family, seed: UInt64) {
        let inst = randomInstance(family, seed: seed)
        let cut = DSLSolver.solve(inst).objective!
        let milp = EdgeCloudMILP.solve(inst, objective: .latency)
        #expect(milp.status == .optimal)
        #expect(abs(milp.objective! - cut) <= 1e-6 * cut, "\(inst.name): MILP \(milp.objective!) vs min-cut \(cut)")
    }

    @Test func manifestBottlenecksHold() throws {
        let manifest = try RepositoryPaths.manifest()
        guard case .array(let entries)? = manifest["instances"] else { Issue.record("no manifest"); return }
        for entry in entries {
            guard case .string(let file)? = entry["file"], case .number(let t)? = entry["throughput"]?["bottleneck"] else { continue }
            let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
            let r = EdgeCloudMILP.solve(inst, objective: .bottleneck)
            #expect(nearlyEqual(verifiedBottleneck(r, inst), t.doubleValue, relative: 1e-6), "\(file)")
            #expect(r.status == .optimal)
        }
    }

    @Test func modeSelectionFollowsDADSAlgorithm3() throws {
        let chain = try InstanceReader.read(file: RepositoryPaths.path("instances/small/chain4.json"))
        // The latency-optimal plan's bottleneck is 5 ms: 150 frames/s is light load.
        let light = try ModeSelection.decide(chain, rate: 150)
        #expect(light.mode == .lightlyLoaded && light.result.solver == "dsl")
        // 250 frames/s needs 4 ms, but the best bottleneck is 5 ms: unsustainable, at most 200 frames/s.
        let over = try ModeSelection.decide(chain, rate: 250)
        #expect(over.mode == .unsustainable)
        #expect(nearlyEqual(over.maximumRate!, 200, relative: 1e-6))
        // Diamond: the latency plan's bottleneck is 10.5 ms, the best is 10 ms: 97 frames/s is heavy load.
        let diamond = try InstanceReader.read(file: RepositoryPaths.path("instances/small/diamond.json"))
        let heavy = try ModeSelection.decide(diamond, rate: 97)
        #expect(heavy.mode == .heavilyLoaded && heavy.result.solver == "milp")
        #expect(nearlyEqual(heavy.latencyPlanBottleneck, 0.0105))
        #expect(throws: SolverInputError.self) { try ModeSelection.decide(diamond, rate: 0) }
    }

    @Test func dshRefusesBadParameters() {
        let inst = randomInstance(.chain, seed: 3)
        #expect(DSH.solve(inst, parameters: DSH.Parameters(refinement: 1)).status == .error)
        #expect(DSH.solve(inst, parameters: DSH.Parameters(delta: 0)).status == .error)
    }
}

/// The same small models on both backends: the statuses and values the solvers rely on.
@Suite("MILP layer: GLPK and CBC give the same answers")
struct MILPBackendTests {
    static func options(_ backend: MILPBackend, timeLimit: Double? = nil) -> MILPOptions {
        var o = MILPOptions(timeLimit: timeLimit)
        o.backend = backend
        return o
    }

    @Test(arguments: MILPBackend.allCases)
    func knapsackMixedIntegerAndObjectiveConstant(_ backend: MILPBackend) {
        var m = MILPModel(name: "knapsack", sense: .maximize)
        let items = [(10.0, 3.0), (13, 4), (7, 2), (8, 3)]
        let x = items.enumerated().map { m.addVariable("x\($0.offset)", kind: .binary, objective: $0.element.0) }
        m.addRow("weight", zip(x, items).map { ($0, $1.1) }, upper: 7)
        m.objectiveConstant = 100
        let r = MILPSolver.solve(m, options: Self.options(backend))
        #expect(r.status == .optimal && r.objective == 123 && r.bound == 123)
        #expect(r.values?.map { $0.rounded() } == [1, 1, 0, 0])

        var f = MILPModel()
        let y = f.addVariable("y", lower: nil, objective: 1)
        let n = f.addVariable("n", lower: 0, upper: 10, kind: .integer)
        f.addRow("a", [(y, 1), (n, 1)], lower: 2.5)
        f.addRow("b", [(y, 1), (n, -1)], lower: -2.5)
        let s = MILPSolver.solve(f, options: Self.options(backend))
        #expect(s.status == .optimal && abs(s.objective! - 0.5) < 1e-9)
    }

    @Test(arguments: MILPBackend.allCases)
    func infeasibleInvalidAndTimeLimited(_ backend: MILPBackend) {
        var m = MILPModel()
        let a = m.addVariable("a", kind: .binary, objective: 1), b = m.addVariable("b", kind: .binary, objective: 1)
        m.addRow("impossible", [(a, 1), (b, 1)], lower: 3)
        let r = MILPSolver.solve(m, options: Self.options(backend))
        #expect(r.status == .infeasible && r.values == nil)
        for (name, model, reason) in MILPTests.invalidModels {
            let bad = MILPSolver.solve(model, options: Self.options(backend))
            #expect(bad.status == .error && bad.message?.contains(reason) == true, "\(backend) \(name): \(bad.message ?? "")")
        }
        var hard = MILPModel(sense: .maximize)
        var rng = SeededGenerator(seed: 11)
        let weights = (0..<30).map { _ in (0..<300).map { _ in Double(Int.random(in: 100...1000, using: &rng)) } }
        let x = (0..<300).map { j in hard.addVariable("x\(j)", kind: .binary, objective: weights.map { $0[j] }.reduce(0, +) / 30 + Double(Int.random(in: 0...50, using: &rng))) }
        for (i, w) in weights.enumerated() { hard.addRow("c\(i)", zip(x, w).map { ($0, $1) }, upper: w.reduce(0, +) / 2) }
        let t = MILPSolver.solve(hard, options: Self.options(backend, timeLimit: 0.05))
        #expect(t.status == .timeLimit, "\(backend): \(t.status)")
        if let o = t.objective, let bound = t.bound { #expect(bound >= o - 1e-6) }
        #expect(t.statistics.seconds < 5)
    }
}
