import RealModule

/// Seeded random small instances shaped like DNNs, for cross-checking solvers against brute force.
///
/// Each instance is a DAG from one ``Family`` with measured-style profiles:
/// edge times uniform in 1–20 ms, cloud times 2–10× faster, except that about
/// one layer in six is *slower* in the cloud (an op the server handles
/// badly), and output sizes from 100 B to 200 kB. Links get 0.5–50 Mbit/s and
/// 0–5 ms per transfer. Everything is drawn from the generator passed in.
public enum RandomInstances {
    /// The graph shapes drawn.
    public enum Family: String, CaseIterable, Sendable {
        case chain
        /// One layer feeding several branches that end as separate outputs.
        case fanOut
        /// Branch and merge: a → {b, c} → d, repeated.
        case diamond
        /// ResNet-style blocks: two layers plus a skip connection into an add.
        case residual
        /// Inception-style blocks: up to four parallel branches of length 1–2 into a concat.
        case inception
        /// Any DAG: each layer reads 1–3 random earlier layers.
        case randomDAG
    }

    /// A random graph of the family with `layers` layers (the input included); ids are `L0`, `L1`, ….
    public static func graph<G: RandomNumberGenerator>(_ family: Family, layers n: Int, using rng: inout G) -> LayerGraph {
        precondition(n >= 2)
        var inputs: [[Int]] = [[]]
        var ops: [OpKind] = [.input]
        func add(_ op: OpKind, _ preds: [Int]) { ops.append(op); inputs.append(preds) }
        switch family {
        case .chain:
            for v in 1..<n { add(.conv, [v - 1]) }
        case .fanOut:
            add(.conv, [0])
            var branchEnds = [Int](repeating: 1, count: Int.random(in: 2...3, using: &rng))
            var b = 0
            while ops.count < n {
                add(.conv, [branchEnds[b]])
                branchEnds[b] = ops.count - 1
                b = (b + 1) % branchEnds.count
            }
        case .diamond, .residual, .inception:
            var last = 0
            while ops.count < n {
                let room = n - ops.count
                if room < 3 {
                    add(.conv, [last])
                    last = ops.count - 1
                    continue
                }
                switch family {
                case .diamond:
                    let top = last
                    add(.conv, [top]); let b = ops.count - 1
                    add(.conv, [top]); let c = ops.count - 1
                    add(.add, [b, c]); last = ops.count - 1
                case .residual:
                    let top = last
                    add(.conv, [top]); let a = ops.count - 1
                    add(.conv, [a]); let b = ops.count - 1
                    add(.add, [b, top]); last = ops.count - 1
                default:
                    let top = last
                    var budget = room - 1  // one layer is kept for the concat
                    var ends: [Int] = []
                    for _ in 0..<Int.random(in: 2...4, using: &rng) where budget > 0 {
                        if budget >= 2, Bool.random(using: &rng) {
                            add(.conv, [top]); add(.conv, [ops.count - 1])
                            budget -= 2
                        } else {
                            add(.conv, [top])
                            budget -= 1
                        }
                        ends.append(ops.count - 1)
                    }
                    add(.concat, ends); last = ops.count - 1
                }
            }
        case .randomDAG:
            for v in 1..<n {
                var preds = Set([Int.random(in: max(0, v - 3)..<v, using: &rng)])
                for _ in 0..<Int.random(in: 0...2, using: &rng) { preds.insert(Int.random(in: 0..<v, using: &rng)) }
                add(.other, preds.sorted())
            }
        }
        let layers = (0..<ops.count).map { v in
            Layer(id: "L\(v)", op: ops[v], inputs: inputs[v].map { "L\($0)" },
                  outputBytes: (100 * Double.random(in: 1...2000, using: &rng)).rounded())
        }
        return try! LayerGraph(layers: layers)
    }

    /// A two-tier (edge, cloud) instance with random profiles and link, or three tiers with `tiers: 3`.
    public static func instance<G: RandomNumberGenerator>(_ family: Family, layers n: Int, tiers: Int = 2,
                                                          resultBytes: Double? = nil, using rng: inout G) -> Instance {
        let graph = graph(family, layers: n, using: &rng)
        var profiles = [[Int: Double]](repeating: [:], count: tiers)
        for v in 0..<graph.count where v != graph.inputIndex {
            var t = Double.random(in: 1e-3...20e-3, using: &rng)
            for k in 0..<tiers {
                profiles[k][v] = t
                // The next tier up is usually faster, sometimes slower.
                t = Int.random(in: 0..<6, using: &rng) == 0 ? t * Double.random(in: 1.2...3, using: &rng)
                                                            : t / Double.random(in: 2...10, using: &rng)
            }
        }
        precondition(tiers == 2 || tiers == 3)
        let names = tiers == 2 ? ["edge", "cloud"] : ["device", "edge", "cloud"]
        let tierList = (0..<tiers).map { Tier(name: names[$0], device: nil, profile: profiles[$0]) }
        let links = (0..<(tiers - 1)).map { _ in
            NetworkLink(bandwidth: Double.random(in: 0.5...50, using: &rng) * 125_000,
                        latency: Double.random(in: 0...5e-3, using: &rng))
        }
        let kind: ProblemKind = tiers == 3 ? .threeTier : .latency
        return try! Instance(name: "random-\(family.rawValue)-\(n)", graph: graph, tiers: tierList, links: links,
                             problem: ProblemSpec(kind: kind, resultBytes: resultBytes))
    }

    /// A small instance whose numbers span the extreme ranges a solver must survive.
    ///
    /// Compute times are log-uniform in 10⁻⁹…10¹² s, with exact zeros and repeated values (ties);
    /// tensors are 0 B or log-uniform in 1 B…10¹² B; links 10⁻³…10¹⁵ B/s with 0 or log-uniform
    /// 10⁻⁹…10³ s per transfer; a result to bring back one time in three. `tiers` is 2 or 3; the
    /// problem kind is `kind` (latency, throughput or threeTier).
    public static func extreme<G: RandomNumberGenerator>(_ family: Family, layers n: Int, tiers: Int, kind: ProblemKind,
                                                         using rng: inout G) -> Instance {
        precondition(tiers == 2 || tiers == 3)
        func logUniform(_ lo: Double, _ hi: Double) -> Double {
            let e = Double.random(in: Double.log10(lo)...Double.log10(hi), using: &rng)
            return min(hi, max(lo, Double.pow(10, e)))
        }
        var pool: [Double] = []
        func time() -> Double {
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: return 0
            case 1 where !pool.isEmpty: return pool.randomElement(using: &rng)!
            default:
                let t = logUniform(1e-9, 1e12)
                pool.append(t)
                return t
            }
        }
        let base = graph(family, layers: n, using: &rng)
        let layers = base.layers.map { l in
            Layer(id: l.id, op: l.op, inputs: l.inputs,
                  outputBytes: Int.random(in: 0..<4, using: &rng) == 0 ? 0 : logUniform(1, 1e12).rounded())
        }
        let graph = try! LayerGraph(layers: layers)
        var profiles = [[Int: Double]](repeating: [:], count: tiers)
        for v in 0..<graph.count where v != graph.inputIndex {
            for k in 0..<tiers { profiles[k][v] = time() }
        }
        let names = tiers == 2 ? ["edge", "cloud"] : ["device", "edge", "cloud"]
        let tierList = (0..<tiers).map { Tier(name: names[$0], device: nil, profile: profiles[$0]) }
        let links = (0..<(tiers - 1)).map { _ in
            NetworkLink(bandwidth: logUniform(1e-3, 1e15), latency: Bool.random(using: &rng) ? 0 : logUniform(1e-9, 1e3),
                        downlinkBandwidth: logUniform(1e-3, 1e15))
        }
        let result: Double? = Int.random(in: 0..<3, using: &rng) == 0 ? logUniform(1, 1e9).rounded() : nil
        return try! Instance(name: "extreme-\(family.rawValue)-\(n)", graph: graph, tiers: tierList, links: links,
                             problem: ProblemSpec(kind: kind, resultBytes: result))
    }
}
