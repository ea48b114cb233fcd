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
        let layers = tiers == 2 ? Int.random(in: 3...12, using: &rng) : Int.random(in: 3...8, using: &rng)
        return RandomInstances.extreme(families[i % families.count], layers: layers, tiers: tiers, kind: kind, using: &rng)
    }
}

@Suite("Exact solvers on extreme ranges (1000 seeded instances per problem)")
struct ExtremeRangeTests {
    /// Runs every exact solver on the instances and holds each to brute force over `objective`;
    /// min-cuts to 1e-9, MILPs to 1e-7, and every one must prove its optimum.
    func holdToBruteForce(_ instances: [Instance], problem: String, objective: (TierPlanReport) -> Double,
                          solvers: [(name: String, tolerance: Double, run: (Instance) -> SolveResult<TierAssignment>)]) {
        var checks = [Check](repeating: Check(), count: solvers.count)
        for (i, inst) in instances.enumerated() {
            let opt = BruteForce.minimum(inst, objective: objective).value
            for (k, s) in solvers.enumerated() {
                let r = s.run(inst)
                let value = r.plan.map { objective(TierPlanVerifier.verify($0, instance: inst)) } ?? .nan
                checks[k].record(r, value: value, opt: opt, label: "\(problem) \(s.name) #\(i)", tolerance: s.tolerance)
            }
        }
        for (s, c) in zip(solvers, checks) {
            print("\(problem) extreme: \(s.name) proved \(c.optimal)/\(c.total)")
            #expect(c.failures.isEmpty, "\(problem) \(s.name): \(c.failures.prefix(5))")
            #expect(c.optimal == c.total, "\(problem) \(s.name) proved \(c.optimal) of \(c.total)")
        }
    }

    @Test func p1MinCutAndMILPEqualBruteForce() {
        holdToBruteForce(extremeInstances(count: 1000, tiers: 2, kind: .latency, seed: 1501), problem: "P1", objective: { $0.latency },
                         solvers: [("dsl", ExactMinCut.relativeTolerance, { DSLSolver.solve($0) }),
                                   ("milp", IncumbentScaledMILP.relativeTolerance, { EdgeCloudMILP.solve($0, objective: .latency) })])
    }

    @Test func p2MILPEqualsBruteForce() {
        holdToBruteForce(extremeInstances(count: 1000, tiers: 2, kind: .throughput, seed: 1502), problem: "P2", objective: { $0.bottleneck },
                         solvers: [("milp", IncumbentScaledMILP.relativeTolerance, { EdgeCloudMILP.solve($0, objective: .bottleneck) })])
    }

    @Test func p3StackedCutAndMILPEqualBruteForce() {
        holdToBruteForce(extremeInstances(count: 1000, tiers: 3, kind: .threeTier, seed: 1503), problem: "P3", objective: { $0.latency },
                         solvers: [("mincut", ExactMinCut.relativeTolerance, { StackedCutSolver.solve($0) }),
                                   ("milp", IncumbentScaledMILP.relativeTolerance, { TierChainMILP.solve($0) })])
    }

    /// Three reported failures (a huge tensor, a false infeasible, a GLPK abort), kept as files.
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

@Suite("Min-cut rounds on the zoo")
struct MinCutRoundsTests {
    /// README: the exact min-cut needs one rounding round on every shipped zoo instance.
    @Test func everyZooInstanceIsProvenInOneRound() throws {
        for file in RepositoryPaths.instanceFiles() where file.hasPrefix("zoo/") {
            let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
            let r = inst.tiers.count == 2 ? DSLSolver.solve(inst) : StackedCutSolver.solve(inst)
            let rounds = r.statistics.extra.first { $0.name == "rounds" }?.value
            #expect(r.status == .optimal && rounds == 1, "\(file): \(r.status), \(rounds ?? -1) rounds")
        }
    }
}
