import Testing
import PartitionModel
@testable import PartitionSolvers
import TestSupport

/// `instance` with power figures on its tiers and links and the objective `objective`; the tiers
/// keep their measured times (a device is needed to carry the watts, its speeds are not used).
func powered<G: RandomNumberGenerator>(_ instance: Instance, objective: TierObjective, extreme: Bool, using rng: inout G) -> Instance {
    func watts() -> Double? {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return nil
        case 1: return 0
        default:
            return extreme ? Double.pow(10, Double.random(in: -6...6, using: &rng)) : Double.random(in: 0.1...10, using: &rng)
        }
    }
    let tiers = instance.tiers.map { t in
        Tier(name: t.name, device: Device(name: t.name, flopsPerSecond: 1e9, memoryBandwidth: 1e9, computeWatts: watts(), idleWatts: watts()),
             profile: t.profile)
    }
    let links = instance.links.map { l in
        NetworkLink(bandwidth: l.bandwidth, latency: l.latency, downlinkBandwidth: l.downlinkBandwidth, transmitWatts: watts(), receiveWatts: watts())
    }
    var problem = instance.problem
    problem.objective = objective
    return try! Instance(name: instance.name, graph: instance.graph, tiers: tiers, links: links, problem: problem)
}

/// A random energy or weighted objective, with or without idle power.
func randomObjective<G: RandomNumberGenerator>(using rng: inout G) -> TierObjective {
    let idle = Bool.random(using: &rng)
    return Bool.random(using: &rng) ? TierObjective(.energy, idle: idle)
        : TierObjective(.weighted, lambda: Double.pow(10, Double.random(in: -4...4, using: &rng)), idle: idle)
}

@Suite("Energy and weighted objectives (P1, P3)")
struct EnergyTests {
    /// Every monotone plan judged by the verifier: both exact P1 solvers (min-cut and MILP) and
    /// both exact P3 solvers find the minimum energy or latency + λ·energy, with idle power or not,
    /// on comfortable and on extreme instances (1e-9…1e12 s, watts 1e-6…1e6, zero tensors, ties).
    @Test(arguments: [(2, false), (2, true), (3, false), (3, true)])
    func exactSolversEqualBruteForce(tiers: Int, extreme: Bool) throws {
        var rng = SeededGenerator(seed: 7100 + UInt64(tiers * 2 + (extreme ? 1 : 0)))
        let families = RandomInstances.Family.allCases
        var failures: [String] = [], proven = 0, total = 0
        for i in 0..<60 {
            let layers = tiers == 2 ? Int.random(in: 3...10, using: &rng) : Int.random(in: 3...7, using: &rng)
            let family = families[i % families.count]
            let base = extreme ? RandomInstances.extreme(family, layers: layers, tiers: tiers, kind: tiers == 2 ? .latency : .threeTier, using: &rng)
                               : RandomInstances.instance(family, layers: layers, tiers: tiers, resultBytes: i % 3 == 0 ? 4000 : nil, using: &rng)
            let inst = powered(base, objective: randomObjective(using: &rng), extreme: extreme, using: &rng)
            let opt = BruteForce.minimum(inst, objective: \.score).value
            let names = tiers == 2 ? ["dsl", "milp"] : ["mincut", "milp"]
            for name in names {
                let r = tiers == 2 ? try LatencyProblem(inst).solve(with: name) : try ThreeTierProblem(inst).solve(with: name)
                total += 1
                guard let plan = r.plan, let objective = r.objective else { failures.append("#\(i) \(name): no plan \(r.status)"); continue }
                let v = TierPlanVerifier.verify(plan, instance: inst)
                let tolerance = name == "milp" ? 1e-7 : ExactMinCut.relativeTolerance
                if !nearlyEqual(objective, v.score, relative: 1e-9) && abs(objective - v.score) > 1e-300 {
                    failures.append("#\(i) \(name): solver \(objective) ≠ verifier \(v.score)")
                }
                if r.status == .optimal {
                    proven += 1
                    if v.score - opt > tolerance * max(v.score, 1e-300) { failures.append("#\(i) \(name): optimal at \(v.score), brute force \(opt)") }
                }
            }
        }
        print("energy \(tiers) tiers extreme \(extreme): \(proven)/\(total) proven")
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(proven >= total * 9 / 10)
    }

    /// One frame by hand: the edge computes 0.5 s at 2 W and sends 1 MB at 1 MB/s with 3 W, the
    /// cloud computes 0.25 s; idle at 0.4 W while the cloud computes.
    @Test func energyByHand() throws {
        let graph = try LayerGraph(layers: [
            Layer(id: "in", op: .input, inputs: [], outputBytes: 10),
            Layer(id: "a", op: .conv, inputs: ["in"], outputBytes: 1e6),
            Layer(id: "b", op: .fc, inputs: ["a"], outputBytes: 10),
        ])
        let edge = Tier(name: "edge", device: Device(name: "e", flopsPerSecond: 1, memoryBandwidth: 1, computeWatts: 2, idleWatts: 0.4),
                        profile: [1: 0.5, 2: 7])
        let cloud = Tier(name: "cloud", device: Device(name: "c", flopsPerSecond: 1, memoryBandwidth: 1), profile: [1: 0.1, 2: 0.25])
        var spec = ProblemSpec(kind: .latency)
        spec.objective = TierObjective(.energy)
        let inst = try Instance(name: "hand", graph: graph, tiers: [edge, cloud], links: [NetworkLink(bandwidth: 1e6, transmitWatts: 3)], problem: spec)
        let split = TierAssignment(tierOfLayer: [0, 0, 1])
        let r = TierPlanVerifier.verify(split, instance: inst)
        #expect(r.latency == 1.75 && r.energyJoules == [4, 0] && r.score == 4)
        spec.objective = TierObjective(.energy, idle: true)
        let idle = TierPlanVerifier.verify(split, instance: try Instance(name: "hand", graph: graph, tiers: [edge, cloud],
                                                                          links: [NetworkLink(bandwidth: 1e6, transmitWatts: 3)], problem: spec))
        #expect(nearlyEqual(idle.energy, 4.1, relative: 1e-15))
        // The energy optimum uploads the 10-byte input (30 µJ): the edge then spends nothing on compute.
        let best = try LatencyProblem(inst).solve(with: "dsl")
        #expect(best.plan == TierAssignment(tierOfLayer: [0, 1, 1]) && best.status == .optimal && nearlyEqual(best.objective!, 3e-5))
    }
}

@Suite("The latency–energy Pareto front of P1")
struct ParetoFrontTests {
    /// The nondominated (latency, energy) pairs of every closed cut, judged by the verifier.
    static func bruteFront(_ inst: Instance, idle: Bool) -> [(latency: Double, energy: Double)] {
        var i = inst
        i.problem.objective = TierObjective(.energy, idle: idle)
        let all = BruteForce.monotoneAssignments(i.graph, tiers: 2).map { plan -> (latency: Double, energy: Double) in
            let r = TierPlanVerifier.verify(plan, instance: i)
            return (r.latency, r.energy)
        }
        let sorted = all.sorted { ($0.latency, $0.energy) < ($1.latency, $1.energy) }
        var front: [(latency: Double, energy: Double)] = []
        for p in sorted where front.isEmpty || p.energy < front.last!.energy * (1 - 1e-9) {
            if let last = front.last, p.latency == last.latency { continue }
            front.append(p)
        }
        return front
    }

    /// On random DAGs with random power figures, the ε-constraint front has the same points as
    /// brute force over every closed cut, and the min-cut's supported points are its convex-hull points.
    @Test(arguments: 0..<40)
    func frontEqualsBruteForce(seed: Int) throws {
        var rng = SeededGenerator(seed: 8800 + UInt64(seed))
        let families = RandomInstances.Family.allCases
        let base = RandomInstances.instance(families[seed % families.count], layers: Int.random(in: 3...11, using: &rng),
                                            resultBytes: seed % 4 == 0 ? 4000 : nil, using: &rng)
        let idle = seed % 3 == 0
        let inst = powered(base, objective: .latency, extreme: false, using: &rng)
        let expected = Self.bruteFront(inst, idle: idle)
        let front = try ParetoFront.latencyEnergy(inst, idle: idle)
        #expect(front.complete, "\(front.message ?? "")")
        let got = front.points
        #expect(got.count == expected.count, "seed \(seed): \(got.map { ($0.latency, $0.energy) }) vs \(expected)")
        for (g, e) in zip(got, expected) {
            #expect(nearlyEqual(g.latency, e.latency, relative: 1e-9) && nearlyEqual(g.energy, e.energy, relative: 1e-9),
                    "seed \(seed): (\(g.latency), \(g.energy)) vs (\(e.latency), \(e.energy))")
        }
        let supported = try ParetoFront.supportedPoints(inst, idle: idle)
        let hull = got.filter(\.supported)
        for s in supported {
            #expect(hull.contains { nearlyEqual($0.latency, s.latency, relative: 1e-9) && nearlyEqual($0.energy, s.energy, relative: 1e-9) },
                    "seed \(seed): min-cut point (\(s.latency), \(s.energy)) is not a hull point of the front")
        }
        #expect(Set(supported.map(\.latency)).count == hull.count, "seed \(seed): \(supported.count) min-cut points, \(hull.count) on the hull")
    }
}
