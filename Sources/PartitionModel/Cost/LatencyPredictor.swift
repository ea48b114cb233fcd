import Algorithms

/// A Neurosurgeon-style layer-time predictor: per op type, time = a + b · FLOPs + c · bytes,
/// fitted by least squares on measured layers.
///
/// Bytes are what a layer moves: its inputs, its output and its weights. Each fit uses the
/// measured layers of one op type on one tier; coefficients are kept non-negative by refitting
/// without a feature whose coefficient comes out negative (an active-set least squares). An op
/// type without measurements on a tier uses the fit of all that tier's measured layers.
/// Neurosurgeon (Kang et al., ASPLOS 2017) fits per-layer-type regressions on FLOPs and sizes.
///
/// - Complexity: O(measured layers) per fit (3 × 3 normal equations).
public struct LatencyPredictor: Sendable {
    /// One fitted model.
    public struct Fit: Sendable, Equatable {
        /// The tier.
        public let tier: String
        /// The op type (`"*"` for the tier-wide fallback).
        public let op: String
        /// Seconds of fixed cost, per FLOP and per byte.
        public let intercept: Double, perFLOP: Double, perByte: Double
        /// Measured layers used.
        public let samples: Int
        /// Mean absolute percentage error on those layers (a fraction), and R².
        public let mape: Double, r2: Double

        /// The predicted seconds for a layer with `flops` and `bytes`.
        public func predict(flops: Double, bytes: Double) -> Double { max(0, intercept + perFLOP * flops + perByte * bytes) }
    }

    /// The fits, per tier then op type.
    public let fits: [Fit]
    /// The measured tiers, in the order the CSV first names them.
    public let tiers: [String]

    /// The features of layer `v`: FLOPs and bytes moved (inputs + output + weights).
    public static func features(_ graph: LayerGraph, _ v: Int) -> (flops: Double, bytes: Double) {
        let l = graph.layers[v]
        let inBytes = graph.predecessors[v].reduce(0.0) { $0 + graph.layers[$1].outputBytes }
        return (l.flops, inBytes + l.outputBytes + l.weightBytes)
    }

    /// Fits one model per (tier, op type) with measurements, plus a tier-wide one.
    public init(graph: LayerGraph, measured: [MeasuredTime]) {
        var fits: [Fit] = []
        let tiers = Array(measured.map(\.tier).uniqued())
        for tier in tiers {
            let rows = measured.filter { $0.tier == tier }.compactMap { m -> (op: String, x: (Double, Double), t: Double)? in
                graph.index[m.layer].map { (graph.layers[$0].op.rawValue, Self.features(graph, $0), m.seconds) }
            }
            let ops = Array(rows.map(\.op).uniqued())
            for op in ops + ["*"] {
                let sample = rows.filter { op == "*" || $0.op == op }
                fits.append(Self.fit(tier: tier, op: op, x: sample.map(\.x), t: sample.map(\.t)))
            }
        }
        (self.fits, self.tiers) = (fits, tiers)
    }

    /// The fit for a layer of `op` on `tier` (the tier-wide one when the op had no measurements).
    public func fit(tier: String, op: OpKind) -> Fit? {
        fits.first { $0.tier == tier && $0.op == op.rawValue } ?? fits.first { $0.tier == tier && $0.op == "*" }
    }

    /// Least squares over the features still allowed, dropping any with a negative coefficient.
    static func fit(tier: String, op: String, x: [(Double, Double)], t: [Double]) -> Fit {
        // Columns scaled to a maximum of 1 to keep the normal equations well conditioned.
        let scale = [1.0, max(x.map(\.0).max() ?? 1, 1e-300), max(x.map(\.1).max() ?? 1, 1e-300)]
        let columns: [[Double]] = [x.map { _ in 1 }, x.map { $0.0 / scale[1] }, x.map { $0.1 / scale[2] }]
        var active = [0, 1, 2].filter { j in columns[j].contains { $0 != 0 } && (j == 0 || Set(columns[j]).count > 1 || x.count == 1) }
        var beta = [0.0, 0.0, 0.0]
        while !active.isEmpty {
            guard let b = solveNormalEquations(active.map { columns[$0] }, t) else { active.removeLast(); continue }
            if let worst = b.indices.filter({ b[$0] < 0 }).min(by: { b[$0] < b[$1] }) { active.remove(at: worst); continue }
            beta = [0, 0, 0]
            for (k, j) in active.enumerated() { beta[j] = b[k] / scale[j] }
            break
        }
        let predicted = x.map { max(0, beta[0] + beta[1] * $0.0 + beta[2] * $0.1) }
        let mean = t.isEmpty ? 0 : t.reduce(0, +) / Double(t.count)
        let ssRes = zip(predicted, t).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let ssTot = t.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
        let relative = zip(predicted, t).filter { $0.1 > 0 }.map { abs($0.0 - $0.1) / $0.1 }
        return Fit(tier: tier, op: op, intercept: beta[0], perFLOP: beta[1], perByte: beta[2], samples: t.count,
                   mape: relative.isEmpty ? 0 : relative.reduce(0, +) / Double(relative.count),
                   r2: ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0))
    }

    /// β solving (AᵀA) β = Aᵀt for the given columns, by Gaussian elimination with partial pivoting (nil when singular).
    static func solveNormalEquations(_ cols: [[Double]], _ t: [Double]) -> [Double]? {
        let k = cols.count
        guard k > 0, t.count >= k else { return nil }
        var m = (0..<k).map { i in (0..<k).map { j in zip(cols[i], cols[j]).reduce(0.0) { $0 + $1.0 * $1.1 } } + [zip(cols[i], t).reduce(0.0) { $0 + $1.0 * $1.1 }] }
        for c in 0..<k {
            guard let p = (c..<k).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[p][c]) > 1e-12 * max(1, abs(m[c][c])) else { return nil }
            m.swapAt(c, p)
            for r in 0..<k where r != c {
                let f = m[r][c] / m[c][c]
                for j in c...k { m[r][j] -= f * m[c][j] }
            }
        }
        return (0..<k).map { m[$0][k] / m[$0][$0] }
    }
}
