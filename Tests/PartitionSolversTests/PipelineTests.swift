import Testing
import PartitionModel
@testable import PartitionSolvers
import TestSupport

/// Devices with random speeds and memory, a random bandwidth matrix (extreme ranges when asked).
func pipelineProblem<G: RandomNumberGenerator>(_ graph: LayerGraph, devices k: Int, objective: PipelineProblem.Objective, extreme: Bool,
                                               using rng: inout G) -> PipelineProblem {
    func range(_ lo: Double, _ hi: Double) -> Double { extreme ? Double.pow(10, Double.random(in: Double.log10(lo)...Double.log10(hi), using: &rng)) : Double.random(in: lo...hi, using: &rng) }
    let weights = graph.layers.reduce(0) { $0 + $1.weightBytes }
    let devices = (0..<k).map { d in
        ClusterDevice(name: "d\(d)", device: Device(name: "d\(d)", flopsPerSecond: range(1e6, 1e12), memoryBandwidth: range(1e6, 1e12),
                                                   memoryCapacity: Int.random(in: 0..<3, using: &rng) == 0 ? weights * Double.random(in: 0.3...1, using: &rng) : nil),
                      bandwidth: range(1e3, 1e9))
    }
    let matrix = (0..<k).map { _ in (0..<k).map { _ in range(1e3, 1e9) } }
    return PipelineProblem(graph: graph, devices: devices, bandwidth: Bool.random(using: &rng) ? matrix : nil, objective: objective,
                           activationMemory: Bool.random(using: &rng))
}

/// A random graph of `family` whose layers have random FLOPs (1e6…1e10) and weights (0…1 MB).
func weightedGraph<G: RandomNumberGenerator>(_ family: RandomInstances.Family, layers: Int, using rng: inout G) throws -> LayerGraph {
    let base = RandomInstances.graph(family, layers: layers, using: &rng)
    return try LayerGraph(layers: base.layers.map { l in
        Layer(id: l.id, op: l.op, inputs: l.inputs, outputBytes: l.outputBytes, flops: l.op == .input ? 0 : Double.random(in: 1e6...1e10, using: &rng),
              weightBytes: l.op == .input ? 0 : Double.random(in: 0...1e6, using: &rng).rounded())
    })
}

/// Every plan of P7: each way to cut the order into consecutive ranges, each ordered choice of distinct devices starting with device 0.
func bruteForcePipeline(_ p: PipelineProblem) -> Double {
    let n = p.order.count, k = p.devices.count
    var best = Double.infinity
    func extend(_ stages: [PipelinePlan.Stage], used: Set<Int>) {
        let next = (stages.last?.last ?? -1) + 1
        if next == n {
            let v = p.verify(PipelinePlan(stages: stages))
            if v.feasible { best = min(best, v.objective) }
            return
        }
        for d in 0..<k where !used.contains(d) && (stages.isEmpty ? d == 0 : true) {
            for last in next..<n { extend(stages + [.init(device: d, first: next, last: last)], used: used.union([d])) }
        }
    }
    extend([], used: [])
    return best
}

/// Every pipeline of a DAG: every assignment of the layers to S ordered stages that respects the
/// edges (stage(u) ≤ stage(v)) with no empty stage, every ordered choice of S distinct devices
/// starting with device 0.
func bruteForceDAGPipeline(_ p: PipelineProblem) -> Double {
    let g = p.graph, n = g.count, k = p.devices.count
    var best = Double.infinity
    func sequences(_ s: Int) -> [[Int]] {
        guard s > 1 else { return [[0]] }
        return sequences(s - 1).flatMap { seq in (1..<k).filter { !seq.contains($0) }.map { seq + [$0] } }
    }
    for s in 1...k {
        var stage = [Int](repeating: 0, count: n)
        func assign(_ i: Int) {
            if i == n {
                guard Set(stage).count == s else { return }
                let order = p.order.enumerated().sorted { (stage[$0.element], $0.offset) < (stage[$1.element], $1.offset) }.map(\.element)
                for devices in sequences(s) {
                    var stages: [PipelinePlan.Stage] = [], first = 0
                    for (j, d) in devices.enumerated() {
                        let count = stage.filter { $0 == j }.count
                        stages.append(.init(device: d, first: first, last: first + count - 1))
                        first += count
                    }
                    let v = p.verify(PipelinePlan(stages: stages, order: order))
                    if v.feasible { best = min(best, v.objective) }
                }
                return
            }
            let v = p.order[i]
            let low = g.predecessors[v].map { stage[$0] }.max() ?? 0
            for j in (v == g.inputIndex ? 0...0 : low...(s - 1)) { stage[v] = j; assign(i + 1) }
        }
        assign(0)
    }
    return best
}

@Suite("P7: pipelines over N heterogeneous devices")
struct PipelineTests {
    /// The MILP equals brute force over every grouping of a DAG's layers into ordered stages, for
    /// both objectives with memory caps; it is never worse than the DP, and equal on chains.
    @Test(arguments: [PipelineProblem.Objective.period, .latency])
    func milpEqualsBruteForceOnDAGs(objective: PipelineProblem.Objective) throws {
        var rng = SeededGenerator(seed: 6800 + UInt64(objective == .period ? 0 : 1))
        let families = RandomInstances.Family.allCases
        var failures: [String] = [], better = 0
        for i in 0..<30 {
            let graph = try weightedGraph(families[i % families.count], layers: Int.random(in: 2...6, using: &rng), using: &rng)
            let p = pipelineProblem(graph, devices: Int.random(in: 1...3, using: &rng), objective: objective, extreme: false, using: &rng)
            let brute = bruteForceDAGPipeline(p)
            let r = try p.solve(with: "milp")
            if brute == .infinity {
                if r.status != .infeasible { failures.append("#\(i): \(r.status) although no pipeline fits") }
                continue
            }
            guard let plan = r.plan, r.status == .optimal else { failures.append("#\(i): \(r.status) \(r.message ?? "")"); continue }
            let v = p.verify(plan)
            if !v.feasible { failures.append("#\(i): infeasible: \(v.violations.first!.message)") }
            if !nearlyEqual(v.objective, brute, relative: 1e-6) { failures.append("#\(i): milp \(v.objective), brute force \(brute)") }
            let dp = p.verify(try p.solve(with: "dp").plan!).objective
            if dp < v.objective * (1 - 1e-6) { failures.append("#\(i): the DP \(dp) beats the MILP \(v.objective)") }
            if dp > v.objective * (1 + 1e-6) { better += 1 }
        }
        print("P7 MILP \(objective.rawValue): better than the order's DP on \(better) of 30 DAGs")
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// The DP equals brute force over every pipeline contiguous in the order on small DAGs (every
    /// pipeline on chains, where it claims optimal), for the period and the latency,
    /// with memory caps and extreme speeds and bandwidths; infeasible when no pipeline fits.
    @Test(arguments: [(PipelineProblem.Objective.period, false), (.period, true), (.latency, false), (.latency, true)])
    func dpEqualsBruteForce(objective: PipelineProblem.Objective, extreme: Bool) throws {
        var rng = SeededGenerator(seed: 6600 + UInt64(objective == .period ? 0 : 2) + (extreme ? 1 : 0))
        let families = RandomInstances.Family.allCases
        var failures: [String] = [], infeasible = 0
        for i in 0..<40 {
            let graph = try weightedGraph(families[i % families.count], layers: Int.random(in: 2...7, using: &rng), using: &rng)
            let p = pipelineProblem(graph, devices: Int.random(in: 1...4, using: &rng), objective: objective, extreme: extreme, using: &rng)
            let brute = bruteForcePipeline(p)
            let r = try p.solve(with: "dp")
            if brute == .infinity {
                infeasible += 1
                if r.status != .infeasible { failures.append("#\(i): \(r.status) although no pipeline fits") }
                continue
            }
            // Optimal (a proof) on chains; on a DAG the best of the order's pipelines, status feasible.
            let chain = graph.layers.indices.allSatisfy { graph.successors[$0].count <= 1 && graph.predecessors[$0].count <= 1 }
            guard let plan = r.plan, r.status == (chain ? .optimal : .feasible) else { failures.append("#\(i): \(r.status) \(r.message ?? "")"); continue }
            let v = p.verify(plan)
            if !v.feasible { failures.append("#\(i): infeasible: \(v.violations.first!.message)") }
            if !nearlyEqual(v.objective, brute, relative: 1e-9) { failures.append("#\(i): dp \(v.objective), brute force over the order's pipelines \(brute)") }
            if !nearlyEqual(r.objective!, v.objective, relative: 1e-9) { failures.append("#\(i): solver \(r.objective!) ≠ verifier \(v.objective)") }
            for h in ["pipeedge", "even-flops", "best-two", "single"] {
                let hr = try p.solve(with: h)
                if let hp = hr.plan { let hv = p.verify(hp); if hv.feasible && hv.objective < brute * (1 - 1e-9) { failures.append("#\(i): \(h) beats the optimum") } }
            }
        }
        print("P7 \(objective.rawValue) extreme \(extreme): \(infeasible) of 40 without a fitting pipeline")
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// With two devices and one link, P7's period on a chain is P2's optimum on the same devices and link.
    @Test(arguments: 0..<12)
    func twoDevicesOnAChainEqualP2(seed: Int) throws {
        var rng = SeededGenerator(seed: 6700 + UInt64(seed))
        let base = RandomInstances.graph(.chain, layers: Int.random(in: 3...15, using: &rng), using: &rng)
        let graph = try LayerGraph(layers: base.layers.map { l in
            Layer(id: l.id, op: l.op, inputs: l.inputs, outputBytes: l.outputBytes, flops: l.op == .input ? 0 : Double.random(in: 1e6...1e10, using: &rng))
        })
        let devices = (0..<2).map { d in Device(name: "d\(d)", flopsPerSecond: Double.random(in: 1e8...1e11, using: &rng), memoryBandwidth: 1e10) }
        let bandwidth = Double.random(in: 1e4...1e8, using: &rng)
        let inst = try Instance(name: "p2", graph: graph, tiers: [Tier(name: "edge", device: devices[0]), Tier(name: "cloud", device: devices[1])],
                                links: [NetworkLink(bandwidth: bandwidth)], problem: ProblemSpec(kind: .throughput))
        let p2 = try ThroughputProblem(inst).solve(with: "milp")
        let p7 = PipelineProblem(graph: graph, devices: devices.map { ClusterDevice(name: $0.name, device: $0, bandwidth: bandwidth) })
        let dp = try p7.solve(with: "dp")
        #expect(p2.status == .optimal && dp.status == .optimal)
        #expect(nearlyEqual(dp.objective!, p2.objective!, relative: 1e-7), "P7 \(dp.objective!), P2 \(p2.objective!)")
    }

    /// A DP whose tables would be too large is refused before anything is allocated.
    @Test func theDPRefusesTablesItCannotHold() throws {
        var rng = SeededGenerator(seed: 6900)
        let graph = try weightedGraph(.chain, layers: 2000, using: &rng)
        let devices = (0..<12).map { ClusterDevice(name: "d\($0)", device: Device(name: "d", flopsPerSecond: 1e9, memoryBandwidth: 1e9), bandwidth: 1e6) }
        let p = PipelineProblem(graph: graph, devices: devices)
        let r = try p.solve(with: "dp")
        #expect(r.status == .error && r.message!.contains("cells"), "\(r.message ?? "")")
    }
}
