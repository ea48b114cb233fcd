import Testing
import PartitionModel
@testable import PartitionSolvers
import TestSupport

/// `instance` with weights on its layers and a memory capacity on every tier's device (nil for some).
func capped<G: RandomNumberGenerator>(_ instance: Instance, activations: Bool, using rng: inout G) -> Instance {
    let g = instance.graph
    let layers = g.layers.map { l in
        Layer(id: l.id, op: l.op, inputs: l.inputs, outputBytes: l.outputBytes,
              weightBytes: l.op == .input ? 0 : (Int.random(in: 0..<5, using: &rng) == 0 ? 0 : Double.random(in: 1e3...1e6, using: &rng).rounded()))
    }
    let graph = try! LayerGraph(layers: layers)
    let total = layers.reduce(0) { $0 + $1.weightBytes }
    let tiers = instance.tiers.map { t in
        let cap: Double? = Int.random(in: 0..<4, using: &rng) == 0 ? nil : total * Double.random(in: 0.2...1.1, using: &rng)
        return Tier(name: t.name, device: Device(name: t.name, flopsPerSecond: 1e9, memoryBandwidth: 1e9, memoryCapacity: cap), profile: t.profile)
    }
    var problem = instance.problem
    problem.activationMemory = activations
    return try! Instance(name: instance.name, graph: graph, tiers: tiers, links: instance.links, problem: problem)
}

@Suite("Memory caps in P1–P3")
struct MemoryCapTests {
    /// Brute force over every monotone plan that fits the caps (judged by the verifier) against
    /// every exact solver of P1, P2 and P3, with and without activation memory: the same optimum,
    /// or `infeasible` when no plan fits.
    @Test(arguments: [(ProblemKind.latency, false), (.latency, true), (.throughput, false), (.throughput, true), (.threeTier, false), (.threeTier, true)])
    func exactSolversEqualBruteForceUnderCaps(kind: ProblemKind, activations: Bool) throws {
        var rng = SeededGenerator(seed: 5300 + UInt64(kind.hashValue & 0xff) + (activations ? 1 : 0))
        let families = RandomInstances.Family.allCases
        let tiers = kind == .threeTier ? 3 : 2
        var failures: [String] = [], binding = 0, infeasible = 0
        for i in 0..<50 {
            let layers = tiers == 2 ? Int.random(in: 3...10, using: &rng) : Int.random(in: 3...7, using: &rng)
            var base = RandomInstances.instance(families[i % families.count], layers: layers, tiers: tiers, using: &rng)
            base.problem.kind = kind
            let inst = capped(base, activations: activations, using: &rng)
            var best = Double.infinity, unconstrained = Double.infinity
            for plan in BruteForce.monotoneAssignments(inst.graph, tiers: tiers) {
                let r = TierPlanVerifier.verify(plan, instance: inst)
                let v = kind == .throughput ? r.bottleneck : r.latency
                unconstrained = min(unconstrained, v)
                if r.feasible { best = min(best, v) }
                else if !r.violations.allSatisfy({ $0.kind == .memory }) { failures.append("#\(i): \(r.violations.first!.message)") }
            }
            if best > unconstrained * (1 + 1e-9) { binding += 1 }
            if best == .infinity { infeasible += 1 }
            let runs: [(String, SolveResult<TierAssignment>)] = switch kind {
            case .latency: try ["dsl", "milp"].map { ($0, try LatencyProblem(inst).solve(with: $0)) }
            case .throughput: [("milp", try ThroughputProblem(inst).solve(with: "milp"))]
            default: try ["mincut", "milp"].map { ($0, try ThreeTierProblem(inst).solve(with: $0)) }
            }
            for (name, r) in runs {
                if best == .infinity {
                    if r.status != .infeasible || r.plan != nil { failures.append("#\(i) \(name): \(r.status) although no plan fits") }
                    continue
                }
                guard let plan = r.plan, r.status == .optimal else { failures.append("#\(i) \(name): \(r.status) \(r.message ?? "")"); continue }
                let v = TierPlanVerifier.verify(plan, instance: inst)
                let value = kind == .throughput ? v.bottleneck : v.latency
                if !v.feasible { failures.append("#\(i) \(name): breaks a cap: \(v.violations.first!.message)") }
                if !nearlyEqual(value, best, relative: 1e-7) { failures.append("#\(i) \(name): \(value), brute force \(best)") }
            }
        }
        print("\(kind.rawValue) activations \(activations): caps bind on \(binding) of 50, no plan fits on \(infeasible)")
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(binding >= 10, "the caps should bind on a good share of the instances")
    }

    /// VGG-16's 553 MB of weights on a 256 MB edge: edge-only breaks the cap and the verifier says by how much.
    @Test func theVerifierNamesTheTierAndTheBytes() throws {
        let path = RepositoryPaths.path("instances/zoo/vgg16-rpi3-server-8core-3g.json")
        let inst = try InstanceReader.read(file: path)
        var edge = inst.tiers[0]
        edge.device!.memoryCapacity = 256e6
        let small = try inst.replacingTier(0, with: edge)
        let r = TierPlanVerifier.verify(TierAssignment.allOn(0, graph: small.graph), instance: small)
        let v = try #require(r.violations.first { $0.kind == .memory })
        #expect(v.message.contains("tier \"edge\" holds 553.43 MB") && v.message.contains("its device has 256.00 MB"), "\(v.message)")
        let dsl = try LatencyProblem(small).solve(with: "dsl")
        #expect(dsl.status == .optimal && TierPlanVerifier.verify(dsl.plan!, instance: small).feasible)
    }
}
