import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

/// Seeded random two-tier instances: 40 per family, 2–14 layers; every fifth returns a result.
let randomLatencyCases: [(family: RandomInstances.Family, seed: UInt64)] =
    RandomInstances.Family.allCases.flatMap { f in (0..<40).map { (f, UInt64($0)) } }

func randomInstance(_ family: RandomInstances.Family, seed: UInt64, tiers: Int = 2) -> Instance {
    var rng = SeededGenerator(seed: seed &* 7919 &+ UInt64(family.rawValue.count))
    let n = family == .chain ? Int.random(in: 2...14, using: &rng) : Int.random(in: 4...14, using: &rng)
    let result: Double? = seed % 5 == 0 ? Double.random(in: 100...50_000, using: &rng) : nil
    return RandomInstances.instance(family, layers: n, tiers: tiers, resultBytes: result, using: &rng)
}

/// The verifier's latency of a solver's plan, after checking the plan is feasible and the
/// solver's own objective agrees with it.
func verifiedLatency(_ r: SolveResult<TierAssignment>, _ inst: Instance, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Double {
    guard let plan = r.plan, let objective = r.objective else {
        Issue.record("\(r.solver) returned no plan: \(r.status)", sourceLocation: sourceLocation)
        return .nan
    }
    let report = TierPlanVerifier.verify(plan, instance: inst)
    #expect(report.feasible, "\(r.solver): \(report.violations)", sourceLocation: sourceLocation)
    #expect(nearlyEqual(objective, report.latency), "\(r.solver): solver says \(objective), verifier \(report.latency)",
            sourceLocation: sourceLocation)
    return report.latency
}

@Suite("P1 latency split")
struct LatencySplitTests {
    @Test(arguments: randomLatencyCases)
    func dslEqualsBruteForceOverEveryClosedEdgeSet(family: RandomInstances.Family, seed: UInt64) {
        let inst = randomInstance(family, seed: seed)
        let opt = BruteForce.minimum(inst) { $0.latency }
        let dsl = DSLSolver.solve(inst)
        #expect(dsl.status == .optimal)
        let latency = verifiedLatency(dsl, inst)
        #expect(nearlyEqual(latency, opt.value), "\(inst.name) seed \(seed): DSL \(latency), brute force \(opt.value)")
        // The cut value, in seconds, is the latency; the proven bound is within the tolerance.
        let cut = dsl.statistics.extra.first { $0.name == "cutSeconds" }!.value
        #expect(abs(cut - latency) <= 1e-12 * latency, "cut \(cut) vs latency \(latency)")
        #expect(dsl.bound! <= opt.value && dsl.bound! >= latency * (1 - ExactMinCut.relativeTolerance))
        // Dinic inside DSL gives the same plan value.
        #expect(nearlyEqual(verifiedLatency(DSLSolver.solve(inst, algorithm: .dinic), inst), opt.value))
    }

    @Test(arguments: randomLatencyCases)
    func baselinesAreNeverBelowTheOptimum(family: RandomInstances.Family, seed: UInt64) {
        let inst = randomInstance(family, seed: seed)
        let opt = verifiedLatency(DSLSolver.solve(inst), inst)
        let ns = verifiedLatency(Neurosurgeon.solve(inst), inst)
        let edge = verifiedLatency(SingleTierBaseline.firstTier(inst), inst)
        let cloud = verifiedLatency(SingleTierBaseline.lastTier(inst), inst)
        for value in [ns, edge, cloud] {
            #expect(value >= opt * (1 - 1e-12), "\(inst.name): baseline \(value) below the optimum \(opt)")
        }
        // Neurosurgeon tries both extremes, so it is never worse than either.
        #expect(ns <= min(edge, cloud) * (1 + 1e-12))
        if family == .chain {
            #expect(nearlyEqual(ns, opt), "Neurosurgeon must be exact on chains: \(ns) vs \(opt)")
        }
    }

    @Test func neurosurgeonsGapOnDAGsIsMeasured() {
        var worst = 0.0, total = 0.0, count = 0, strictly = 0
        for (family, seed) in randomLatencyCases where family != .chain {
            let inst = randomInstance(family, seed: seed)
            let opt = DSLSolver.solve(inst).objective!
            let ns = Neurosurgeon.solve(inst).objective!
            let gap = (ns - opt) / opt
            worst = max(worst, gap)
            total += gap
            count += 1
            if gap > 1e-9 { strictly += 1 }
        }
        print("Neurosurgeon on \(count) random DAGs: mean gap \(UnitFormat.fixed(100 * total / Double(count), 2))%, worst \(UnitFormat.fixed(100 * worst, 2))%, suboptimal on \(strictly)")
        #expect(worst >= 0)
        // Branchy graphs do defeat the prefix rule on some of these instances.
        #expect(strictly > 0)
    }

    @Test func counterExampleChainCosts9Not6() throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/small/counterexample-chain.json"))
        let r = DSLSolver.solve(inst)
        #expect(verifiedLatency(r, inst) == 9)
        #expect(r.plan!.tierOfLayer == [0, 1, 1, 1])
    }

    @Test(arguments: ["small/counterexample-chain.json", "small/chain4.json", "small/diamond.json"])
    func manifestOptimaHold(file: String) throws {
        let manifest = try RepositoryPaths.manifest()
        guard case .array(let entries)? = manifest["instances"],
              let entry = entries.first(where: { $0["file"] == .string(file) }),
              case .number(let optimum)? = entry["latency"]?["optimum"],
              case .array(let edge)? = entry["latency"]?["edge"] else {
            Issue.record("no manifest entry for \(file)")
            return
        }
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
        let r = DSLSolver.solve(inst)
        #expect(nearlyEqual(verifiedLatency(r, inst), optimum.doubleValue))
        let edgeSet = Set(edge.compactMap { if case .string(let s) = $0 { return s } else { return nil } })
        #expect(Set(inst.graph.layers.indices.filter { r.plan!.tierOfLayer[$0] == 0 }.map { inst.graph.layers[$0].id }) == edgeSet)
        if case .number(let ns)? = entry["latency"]?["neurosurgeon"] {
            #expect(nearlyEqual(Neurosurgeon.solve(inst).objective!, ns.doubleValue))
        }
    }

    @Test func refusesInstancesWithTheWrongNumberOfTiers() {
        let inst = randomInstance(.chain, seed: 1, tiers: 3)
        #expect(DSLSolver.solve(inst).status == .error)
        #expect(Neurosurgeon.solve(inst).status == .error)
    }
}
