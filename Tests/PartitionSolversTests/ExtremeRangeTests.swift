import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

/// One exact result held to brute force: what the verifier says, and whether the claim holds.
private struct Check {
    var optimal = 0, total = 0
    var failures: [String] = []

    /// `value` is the verifier's objective of the solver's plan, `opt` brute force's.
    mutating func record(_ r: SolveResult<TierAssignment>, value: Double, opt: Double, label: String,
                         tolerance: Double = ExactMinCut.relativeTolerance) {
        total += 1
        guard r.plan != nil, let objective = r.objective else { failures.append("\(label): no plan (\(r.status) \(r.message ?? ""))"); return }
        if !(abs(objective - value) <= 1e-12 * value || objective == value) {
            failures.append("\(label): solver objective \(objective) ≠ verifier \(value)")
        }
        if value < opt * (1 - 1e-12) { failures.append("\(label): \(value) below brute force \(opt)") }
        if let b = r.bound, b > opt * (1 + tolerance) { failures.append("\(label): bound \(b) above the optimum \(opt)") }
        switch r.status {
        case .optimal:
            optimal += 1
            if value - opt > tolerance * value {
                failures.append("\(label): claims optimal at \(value), brute force \(opt)")
            }
        case .feasible, .timeLimit: break
        default: failures.append("\(label): status \(r.status) \(r.message ?? "")")
        }
    }
}

/// Seeded instances with costs over 1e-9…1e12 s, bandwidths 1e-3…1e15 B/s, zero tensors and ties.
private func extremeInstances(count: Int, tiers: Int, kind: ProblemKind, seed: UInt64) -> [Instance] {
    var rng = SeededGenerator(seed: seed)
    let families = RandomInstances.Family.allCases
    return (0..<count).map { i in
        let layers = tiers == 2 ? Int.random(in: 3...10, using: &rng) : Int.random(in: 3...7, using: &rng)
        return RandomInstances.extreme(families[i % families.count], layers: layers, tiers: tiers, kind: kind, using: &rng)
    }
}

@Suite("Exact solvers on extreme ranges (1000 seeded instances per problem)")
struct ExtremeRangeTests {
    @Test func p1MinCutAndMILPEqualBruteForce() {
        var dsl = Check(), milp = Check()
        for (i, inst) in extremeInstances(count: 1000, tiers: 2, kind: .latency, seed: 1501).enumerated() {
            let opt = BruteForce.minimum(inst) { $0.latency }.value
            let a = DSLSolver.solve(inst)
            dsl.record(a, value: TierPlanVerifier.verify(a.plan!, instance: inst).latency, opt: opt, label: "P1 dsl #\(i)")
            let b = EdgeCloudMILP.solve(inst, objective: .latency)
            milp.record(b, value: b.plan.map { TierPlanVerifier.verify($0, instance: inst).latency } ?? .nan, opt: opt, label: "P1 milp #\(i)", tolerance: IncumbentScaledMILP.relativeTolerance)
        }
        #expect(dsl.failures.isEmpty, "\(dsl.failures.prefix(5))")
        #expect(milp.failures.isEmpty, "\(milp.failures.prefix(5))")
        print("P1 extreme: dsl proved \(dsl.optimal)/\(dsl.total), milp \(milp.optimal)/\(milp.total)")
        #expect(dsl.optimal == dsl.total, "min-cut proved \(dsl.optimal) of \(dsl.total)")
        #expect(milp.optimal == milp.total, "MILP proved \(milp.optimal) of \(milp.total)")
    }

    @Test func p2MILPEqualsBruteForce() {
        var milp = Check()
        for (i, inst) in extremeInstances(count: 1000, tiers: 2, kind: .throughput, seed: 1502).enumerated() {
            let opt = BruteForce.minimum(inst) { $0.bottleneck }.value
            let r = EdgeCloudMILP.solve(inst, objective: .bottleneck)
            milp.record(r, value: r.plan.map { TierPlanVerifier.verify($0, instance: inst).bottleneck } ?? .nan, opt: opt, label: "P2 milp #\(i)", tolerance: IncumbentScaledMILP.relativeTolerance)
        }
        #expect(milp.failures.isEmpty, "\(milp.failures.prefix(5))")
        print("P2 extreme: milp proved \(milp.optimal)/\(milp.total)")
        #expect(milp.optimal == milp.total, "MILP proved \(milp.optimal) of \(milp.total)")
    }

    @Test func p3StackedCutAndMILPEqualBruteForce() {
        var cut = Check(), milp = Check()
        for (i, inst) in extremeInstances(count: 1000, tiers: 3, kind: .threeTier, seed: 1503).enumerated() {
            let opt = BruteForce.minimum(inst) { $0.latency }.value
            let a = StackedCutSolver.solve(inst)
            cut.record(a, value: TierPlanVerifier.verify(a.plan!, instance: inst).latency, opt: opt, label: "P3 mincut #\(i)")
            let b = TierChainMILP.solve(inst)
            milp.record(b, value: b.plan.map { TierPlanVerifier.verify($0, instance: inst).latency } ?? .nan, opt: opt, label: "P3 milp #\(i)", tolerance: IncumbentScaledMILP.relativeTolerance)
        }
        #expect(cut.failures.isEmpty, "\(cut.failures.prefix(5))")
        #expect(milp.failures.isEmpty, "\(milp.failures.prefix(5))")
        print("P3 extreme: mincut proved \(cut.optimal)/\(cut.total), milp \(milp.optimal)/\(milp.total)")
        #expect(cut.optimal == cut.total, "min-cut proved \(cut.optimal) of \(cut.total)")
        #expect(milp.optimal == milp.total, "MILP proved \(milp.optimal) of \(milp.total)")
    }

    /// The three reproductions of issue 15, kept as files.
    @Test func issueReproductionsGiveTheOptimum() throws {
        let dir = RepositoryPaths.path("Tests/Fixtures/regression/")
        let p1 = try InstanceReader.read(file: dir + "p1-huge-tensor.json")
        for r in [DSLSolver.solve(p1), EdgeCloudMILP.solve(p1, objective: .latency)] {
            #expect(r.status == .optimal)
            #expect(nearlyEqual(r.objective!, 1e-5), "\(r.solver): \(r.objective!)")
        }
        let infeasible = try InstanceReader.read(file: dir + "p2-false-infeasible.json")
        let r2 = EdgeCloudMILP.solve(infeasible, objective: .bottleneck)
        #expect(r2.status == .optimal && nearlyEqual(r2.objective!, 0.1), "\(r2.status) \(r2.objective ?? -1)")
        let abort = try InstanceReader.read(file: dir + "p2-glpk-abort.json")
        let r3 = EdgeCloudMILP.solve(abort, objective: .bottleneck)
        let opt = BruteForce.minimum(abort) { $0.bottleneck }.value
        #expect(r3.plan != nil && nearlyEqual(r3.objective!, opt), "\(r3.status) \(r3.objective ?? -1) vs \(opt)")
    }

    @Test func glpkInternalErrorsReturnInsteadOfAborting() {
        let caught = glpkGuardSelfTest()
        #expect(caught.failed)
        #expect(caught.message.contains("guard self-test"))
        // GLPK works again after the guard freed its environment.
        var m = MILPModel()
        let x = m.addVariable("x", kind: .binary, objective: -1)
        m.addRow("r", [(x, 1)], upper: 1)
        #expect(GLPKBackend.solve(m).status == .optimal)
    }
}
