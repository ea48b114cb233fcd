import PartitionModel

/// The largest singular triplets of a sparse matrix by Golub–Kahan–Lanczos bidiagonalisation.
///
/// Starting from a seeded random unit vector, the recurrence
/// βⱼ uⱼ = A vⱼ − αⱼ₋₁… (written here as u = A v − β u′, α = ‖u‖; v = Aᵀ u − α v′, β = ‖v‖)
/// builds orthonormal bases U, V and an upper bidiagonal B with Aᵀ U = V Bᵀ + β v eᵀ. Every new
/// vector is re-orthogonalised against all previous ones (and against `deflate`d pairs, e.g. the
/// trivial pair of a normalised matrix), so no spurious copies appear. After each step the small
/// bidiagonal problem is solved by ``JacobiSVD``; a Ritz triplet (σ, U p, V q) is accepted when
/// its residual ‖Aᵀ(U p) − σ (V q)‖ = β·|last component of p| is below `tolerance`·σ₁. Singular
/// values come back in descending order (ARPACK returns them ascending, a known trap when comparing).
///
/// Source: G. Golub, W. Kahan, "Calculating the singular values and pseudo-inverse of a matrix",
/// SIAM J. Numer. Anal. 2, 1965; the stopping bound as in Larsen's PROPACK.
///
/// - Complexity: O(steps · (nnz + steps·(m + n))) time with full reorthogonalisation,
///   O(steps·(m + n)) memory, plus O(steps³) per small SVD.
public enum LanczosSVD {
    /// The computed triplets (values descending, left and right vectors), their residual bounds, and how the run ended.
    public struct Result: Sendable {
        /// Singular values, descending.
        public let values: [Double]
        /// Left singular vectors, one per value.
        public let u: [[Double]]
        /// Right singular vectors, one per value.
        public let v: [[Double]]
        /// Residual bound of each returned triplet.
        public let residuals: [Double]
        /// Lanczos steps taken.
        public let steps: Int
        /// Whether every triplet met the tolerance.
        public let converged: Bool
    }

    /// The `k` largest singular triplets of `a`, orthogonal to the `deflate` pairs (unit vectors).
    public static func top<G: RandomNumberGenerator>(_ k: Int, of a: SparseMatrix, deflate: [(u: [Double], v: [Double])] = [],
                                                     tolerance: Double = 1e-10, maxSteps: Int? = nil, using rng: inout G) -> Result {
        let m = a.rows, n = a.columns
        let limit = min(maxSteps ?? max(4 * k + 40, 60), min(m, n) - deflate.count)
        precondition(k >= 1 && limit >= k, "need at least k = \(k) dimensions after deflation")
        func dot(_ x: [Double], _ y: [Double]) -> Double {
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    let count = xp.count, blocks = count / 4
                    for b in 0..<blocks {
                        let i = 4 * b
                        s0 += xp[i] * yp[i]; s1 += xp[i + 1] * yp[i + 1]; s2 += xp[i + 2] * yp[i + 2]; s3 += xp[i + 3] * yp[i + 3]
                    }
                    for i in (4 * blocks)..<count { s0 += xp[i] * yp[i] }
                    return (s0 + s1) + (s2 + s3)
                }
            }
        }
        func orthogonalize(_ x: inout [Double], against basis: [[Double]]) {
            // Gram–Schmidt, repeated only when it cancelled most of x (the DGKS test: a second pass is
            // needed when the norm fell below 1/√2 of what it was; twice is always enough, Kahan–Parlett).
            var before = dot(x, x)
            for _ in 0..<2 {
                for b in basis {
                    let c = dot(x, b)
                    if c != 0 {
                        x.withUnsafeMutableBufferPointer { xp in
                            b.withUnsafeBufferPointer { bp in for i in 0..<xp.count { xp[i] -= c * bp[i] } }
                        }
                    }
                }
                let after = dot(x, x)
                if after > 0.5 * before { return }
                before = after
            }
        }
        func normalize(_ x: inout [Double]) -> Double {
            let norm = dot(x, x).squareRoot()
            if norm > 0 { for i in x.indices { x[i] /= norm } }
            return norm
        }
        var vs: [[Double]] = [], us: [[Double]] = []
        var alphas: [Double] = [], betas: [Double] = []
        var v = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
        orthogonalize(&v, against: deflate.map(\.v))
        _ = normalize(&v)
        var best = Result(values: [], u: [], v: [], residuals: [], steps: 0, converged: false)
        var beta = 0.0
        for step in 1...limit {
            vs.append(v)
            var u = a.multiply(v)
            if let last = us.last { for i in u.indices { u[i] -= beta * last[i] } }
            orthogonalize(&u, against: us + deflate.map(\.u))
            let alpha = normalize(&u)
            us.append(u)
            alphas.append(alpha)
            var w = a.multiplyTransposed(u)
            for i in w.indices { w[i] -= alpha * v[i] }
            orthogonalize(&w, against: vs + deflate.map(\.v))
            beta = normalize(&w)
            betas.append(beta)
            // Small problem: B (step × step), α on the diagonal, β on the superdiagonal.
            if step >= k && (step % 2 == 0 || step == limit || beta == 0) {
                var b = [[Double]](repeating: [Double](repeating: 0, count: step), count: step)
                for i in 0..<step {
                    b[i][i] = alphas[i]
                    if i + 1 < step { b[i][i + 1] = betas[i] }
                }
                let small = JacobiSVD.decompose(b)
                let sigma1 = max(small.values[0], 1e-300)
                let residuals = (0..<k).map { abs(beta * small.u[$0][step - 1]) }
                let done = residuals.allSatisfy { $0 <= tolerance * sigma1 } || beta == 0 || step == limit
                if done {
                    func combine(_ basis: [[Double]], _ coefficients: [Double], length: Int) -> [Double] {
                        var out = [Double](repeating: 0, count: length)
                        out.withUnsafeMutableBufferPointer { op in
                            for (b, c) in zip(basis, coefficients) where c != 0 {
                                b.withUnsafeBufferPointer { bp in for i in 0..<length { op[i] += c * bp[i] } }
                            }
                        }
                        return out
                    }
                    let uOut = (0..<k).map { t in combine(us, small.u[t], length: m) }
                    let vOut = (0..<k).map { t in combine(vs, small.v[t], length: n) }
                    best = Result(values: Array(small.values.prefix(k)), u: uOut, v: vOut, residuals: residuals, steps: step,
                                  converged: residuals.allSatisfy { $0 <= tolerance * sigma1 } || beta == 0)
                    break
                }
            }
            if beta == 0 { break }
            v = w
        }
        return best
    }
}
