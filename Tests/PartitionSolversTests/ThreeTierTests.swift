import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

/// 35 per family (210 in all), 3–9 layers, three tiers; every fifth returns a result.
let threeTierCases: [(RandomInstances.Family, UInt64)] = RandomInstances.Family.allCases.flatMap { f in (500..<535).map { (f, UInt64($0)) } }

func smallThreeTier(_ family: RandomInstances.Family, seed: UInt64) -> Instance {
    var rng = SeededGenerator(seed: seed &* 104_729 &+ UInt64(family.rawValue.count))
    let n = Int.random(in: family == .chain ? 2...9 : 4...9, using: &rng)
    let result: Double? = seed % 5 == 0 ? Double.random(in: 100...20_000, using: &rng) : nil
    return RandomInstances.instance(family, layers: n, tiers: 3, resultBytes: result, using: &rng)
}

@Suite("P3 three-tier split")
struct ThreeTierTests {
    @Test(arguments: threeTierCases)
    func stackedCutEqualsBruteForceAndTheMILP(family: RandomInstances.Family, seed: UInt64) {
        let inst = smallThreeTier(family, seed: seed)
        let opt = BruteForce.minimum(inst) { $0.latency }.value
        let cut = StackedCutSolver.solve(inst)
        #expect(cut.status == .optimal)
        let latency = verifiedLatency(cut, inst)
        #expect(nearlyEqual(latency, opt), "\(inst.name) seed \(seed): min-cut \(latency), brute force \(opt)")
        let cutSeconds = cut.statistics.extra.first { $0.name == "cutSeconds" }!.value
        #expect(abs(cutSeconds - latency) <= 1e-12 * latency, "cut value \(cutSeconds) vs latency \(latency)")
        #expect(cut.bound! <= opt * (1 + 1e-12) && cut.bound! >= latency * (1 - ExactMinCut.relativeTolerance))
        let milp = TierChainMILP.solve(inst)
        #expect(milp.status == .optimal)
        #expect(abs(verifiedLatency(milp, inst) - opt) <= 1e-6 * opt, "MILP vs brute force")
    }

    @Test(arguments: threeTierCases)
    func baselinesNeverBeatTheOptimumAndHPAIsExactOnChains(family: RandomInstances.Family, seed: UInt64) {
        let inst = smallThreeTier(family, seed: seed)
        let opt = verifiedLatency(StackedCutSolver.solve(inst), inst)
        let hpa = verifiedLatency(HPA.solve(inst), inst)
        #expect(hpa >= opt * (1 - 1e-12))
        if family == .chain { #expect(nearlyEqual(hpa, opt), "HPA must be exact on chains: \(hpa) vs \(opt)") }
        for solver in SolverCatalog.solvers(for: .threeTier) {
            let r = solver.run(inst)
            #expect(verifiedLatency(r, inst) >= opt * (1 - 1e-6), "\(solver.name)")
        }
        // The two-tier plan never puts a layer on the edge, and is the best such plan.
        let two = StackedCutSolver.solve(inst, forbidden: [1], name: "two-tier")
        #expect(!two.plan!.tierOfLayer.contains(1))
        let bestTwo = BruteForce.monotoneAssignments(inst.graph, tiers: 3).filter { !$0.tierOfLayer.contains(1) }
            .map { TierPlanVerifier.verify($0, instance: inst).latency }.min()!
        #expect(nearlyEqual(verifiedLatency(two, inst), bestTwo))
    }

    @Test func hpaGapOnDAGsIsMeasured() {
        var worst = 0.0, total = 0.0, count = 0
        for (family, seed) in threeTierCases where family != .chain {
            let inst = smallThreeTier(family, seed: seed)
            let opt = StackedCutSolver.solve(inst).objective!
            let gap = (HPA.solve(inst).objective! - opt) / opt
            worst = max(worst, gap)
            total += gap
            count += 1
        }
        print("HPA on \(count) random three-tier DAGs: mean gap \(UnitFormat.fixed(100 * total / Double(count), 2))%, worst \(UnitFormat.fixed(100 * worst, 2))%")
        #expect(worst >= 0)
    }

    @Test(arguments: randomLatencyCases.filter { $0.seed < 10 })
    func onTwoTiersTheStackedCutIsDSL(family: RandomInstances.Family, seed: UInt64) {
        let inst = randomInstance(family, seed: seed)
        #expect(nearlyEqual(StackedCutSolver.solve(inst).objective!, DSLSolver.solve(inst).objective!))
        #expect(nearlyEqual(StackedCutSolver.solve(inst, algorithm: .dinic).objective!, DSLSolver.solve(inst).objective!))
    }

    @Test func forbiddingTheLastTierKeepsEverythingBelow() {
        let inst = smallThreeTier(.diamond, seed: 501)
        let r = StackedCutSolver.solve(inst, forbidden: [2])
        #expect(r.plan!.tierOfLayer.allSatisfy { $0 < 2 })
        #expect(StackedCutSolver.solve(inst, forbidden: [0]).status == .error)
        #expect(HPA.solve(randomInstance(.chain, seed: 1)).status == .error)
    }
}
