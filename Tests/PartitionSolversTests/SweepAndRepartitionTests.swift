import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

@Suite("Bandwidth sweeps and re-partition")
struct SweepAndRepartitionTests {
    @Test func sweepWritesWellFormedSVGWithOneSeriesPerSolver() throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/small/diamond.json"))
        let sweep = try BandwidthSweep.run(inst, problem: .latency, link: 0, from: 1e3, to: 1e7, steps: 25)
        #expect(sweep.points.count == 25)
        #expect(abs(sweep.points.first!.bandwidth - 1e3) < 1e-9 && abs(sweep.points.last!.bandwidth - 1e7) < 1e-3)
        let svg = sweep.svg(title: "diamond <test> & more")
        let (ok, found) = SVGInspector.inspect(svg)
        #expect(ok, "the SVG is not well-formed XML")
        #expect(found.root == "svg")
        #expect(found.seriesNames == SolverCatalog.solvers(for: .latency).map(\.name))
        #expect(found.pointCounts.allSatisfy { $0 == 25 })
        #expect(found.texts.contains { $0.contains("Mbit/s") } && found.texts.contains { $0.contains("latency (ms)") })
        #expect(found.texts.contains("diamond <test> & more"))
        // Every exact value is ≤ every heuristic's at every point.
        for p in sweep.points {
            let exact = p.values[0]!
            for v in p.values.compactMap({ $0 }) { #expect(v >= exact * (1 - 1e-9)) }
        }
        // At low bandwidth everything stays on the edge; at high bandwidth the optimum offloads.
        #expect(sweep.points.first!.optimalPlan!.tierOfLayer.allSatisfy { $0 == 0 })
        #expect(sweep.points.last!.optimalPlan!.tierOfLayer.contains(1))
        #expect(!sweep.planChanges.isEmpty)
        let csv = sweep.csv().split(separator: "\n")
        #expect(csv.count == 26)
        #expect(csv[0] == "bandwidth_mbit_s,dsl_ms,milp_ms,neurosurgeon_ms,edge-only_ms,cloud-only_ms,optimal_plan_changed")
        #expect(csv.dropFirst().filter { $0.hasSuffix(",1") }.count == sweep.planChanges.count)
    }

    @Test func throughputSweepPlotsFramesPerSecond() throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/small/chain4.json"))
        let sweep = try BandwidthSweep.run(inst, problem: .throughput, link: 0, from: 1e4, to: 1e7, steps: 6)
        #expect(sweep.valueLabel == "throughput (frames/s)")
        let (ok, found) = SVGInspector.inspect(sweep.svg(title: "chain4"))
        #expect(ok && found.seriesNames.count == SolverCatalog.solvers(for: .throughput).count)
        // The MILP's throughput is the best at every point.
        for p in sweep.points { #expect(p.values.compactMap { $0 }.allSatisfy { $0 <= p.values[0]! * (1 + 1e-9) }) }
    }

    @Test func sweepRefusesBadRanges() throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/small/diamond.json"))
        #expect(throws: SolverInputError.self) { try BandwidthSweep.run(inst, problem: .latency, link: 3, from: 1, to: 2, steps: 3) }
        #expect(throws: SolverInputError.self) { try BandwidthSweep.run(inst, problem: .latency, link: 0, from: 5, to: 2, steps: 3) }
        #expect(throws: SolverInputError.self) { try BandwidthSweep.run(inst, problem: .threeTier, link: 0, from: 1, to: 2, steps: 3) }
    }

    @Test(arguments: threeTierCases.filter { $0.1 % 7 == 0 })
    func repartitionReportsTheMovesAndTheNewOptimum(family: RandomInstances.Family, seed: UInt64) throws {
        let inst = smallThreeTier(family, seed: seed)
        for change in [Repartition.Change.linkBandwidth(link: 1, bytesPerSecond: inst.links[1].bandwidth / 20),
                       .linkBandwidth(link: 0, bytesPerSecond: inst.links[0].bandwidth * 20),
                       .tierSpeed(tier: 1, factor: 0.2), .tierSpeed(tier: 2, factor: 5)] {
            let r = try Repartition.apply(inst, change: change)
            let opt = BruteForce.minimum(r.instance) { $0.latency }.value
            #expect(nearlyEqual(r.newLatency, opt), "\(change): new optimum \(r.newLatency) vs brute force \(opt)")
            #expect(nearlyEqual(r.stayLatency, TierPlanVerifier.verify(r.oldPlan, instance: r.instance).latency))
            #expect(r.newLatency <= r.stayLatency * (1 + 1e-12))
            #expect(nearlyEqual(r.oldLatency, StackedCutSolver.solve(inst).objective!))
            let moved = inst.graph.layers.indices.filter { r.oldPlan.tierOfLayer[$0] != r.newPlan.tierOfLayer[$0] }
            #expect(r.moved.map(\.layer) == moved.map { inst.graph.layers[$0].id })
            let rep = TierPlanVerifier.verify(r.newPlan, instance: r.instance)
            #expect(zip(rep.uplinkBytes, r.newLinkBytes).allSatisfy { nearlyEqual($0, $1) })
        }
    }

    @Test func repartitionRefusesBadChanges() throws {
        let inst = smallThreeTier(.chain, seed: 500)
        #expect(throws: SolverInputError.self) { try Repartition.apply(inst, change: .linkBandwidth(link: 5, bytesPerSecond: 1)) }
        #expect(throws: SolverInputError.self) { try Repartition.apply(inst, change: .linkBandwidth(link: 0, bytesPerSecond: -1)) }
        #expect(throws: SolverInputError.self) { try Repartition.apply(inst, change: .tierSpeed(tier: 1, factor: 0)) }
        #expect(throws: SolverInputError.self) { try Repartition.apply(inst, change: .tierSpeed(tier: 9, factor: 2)) }
    }
}
