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
/// Two economies keep it at ARPACK's speed. Only the shorter side's basis is reorthogonalised
/// (one-sided reorthogonalisation); the other side's returned vectors are recomputed from it by
/// one sparse product each, so both residuals ‖Aᵀu − σv‖ and ‖Av − σu‖ stay at rounding level.
/// And each step screens convergence with the implicit QL algorithm on B Bᵀ (``TridiagonalQL``,
/// O(j²)); the full Jacobi SVD of B (O(j³) per sweep) runs only when the screen says the
/// triplets are within 10× of the tolerance, and its residuals decide.
///
/// Source: G. Golub, W. Kahan, "Calculating the singular values and pseudo-inverse of a matrix",
/// SIAM J. Numer. Anal. 2, 1965; the stopping bound as in Larsen's PROPACK; one-sided
/// reorthogonalisation after H. Simon, H. Zha, "Low-rank matrix approximation using the Lanczos
/// bidiagonalization process with applications", SIAM J. Sci. Comput. 21, 2000.
///
/// - Complexity: O(steps · (nnz + steps·min(m, n))) time, O(steps·min(m, n) + m + n) memory,
///   plus O(steps³) per full small SVD (run once or twice).
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
        // One-sided reorthogonalisation (Simon–Zha): only the shorter side's basis is kept
        // orthonormal; the other side's Ritz vectors are recomputed from it by one product each.
        let shortU = m <= n
        var vs: [[Double]] = [], us: [[Double]] = []
        var alphas: [Double] = [], betas: [Double] = []
        var v = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
        orthogonalize(&v, against: deflate.map(\.v))
        _ = normalize(&v)
        var best = Result(values: [], u: [], v: [], residuals: [], steps: 0, converged: false)
        var beta = 0.0
        for step in 1...limit {
            if !shortU { vs.append(v) }
            var u = a.multiply(v)
            if let last = us.last { for i in u.indices { u[i] -= beta * last[i] } }
            orthogonalize(&u, against: shortU ? us + deflate.map(\.u) : deflate.map(\.u))
            let alpha = normalize(&u)
            if shortU { us.append(u) } else { us = [u] }
            alphas.append(alpha)
            var w = a.multiplyTransposed(u)
            for i in w.indices { w[i] -= alpha * v[i] }
            orthogonalize(&w, against: shortU ? deflate.map(\.v) : vs + deflate.map(\.v))
            beta = normalize(&w)
            betas.append(beta)
            // Small problem: B (step × step), α on the diagonal, β on the superdiagonal.
            if step >= k && (beta == 0 || step == limit || nearlyConverged(alphas, betas, k: k, tolerance: tolerance)) {
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
                    func unit(_ x: [Double]) -> [Double] { var y = x; _ = normalize(&y); return y }
                    let uOut = shortU ? (0..<k).map { t in combine(us, small.u[t], length: m) }
                                      : (0..<k).map { t in unit(a.multiply(combine(vs, small.v[t], length: n))) }
                    let vOut = shortU ? uOut.map { unit(a.multiplyTransposed($0)) }
                                      : (0..<k).map { t in combine(vs, small.v[t], length: n) }
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

    /// Whether the k largest Ritz triplets of the bidiagonal (α on the diagonal, β above it, the
    /// last β the coupling to the next step) are within 10× of `tolerance`, judged from the
    /// eigenvalues of B Bᵀ and the last components of their eigenvectors (``TridiagonalQL``, O(j²)),
    /// so that the full small SVD (O(j³) per sweep) runs only when it may end the iteration.
    static func nearlyConverged(_ alphas: [Double], _ betas: [Double], k: Int, tolerance: Double) -> Bool {
        let j = alphas.count
        let diagonal = (0..<j).map { alphas[$0] * alphas[$0] + ($0 + 1 < j ? betas[$0] * betas[$0] : 0) }
        let off = (0..<max(j - 1, 0)).map { betas[$0] * alphas[$0 + 1] }
        guard let eigen = TridiagonalQL.eigen(diagonal: diagonal, offDiagonal: off) else { return true }
        let order = eigen.values.indices.sorted { eigen.values[$0] > eigen.values[$1] }
        let sigma1 = max(eigen.values[order[0]], 0).squareRoot()
        let beta = betas[j - 1]
        return order.prefix(k).allSatisfy { abs(beta * eigen.last[$0]) <= 10 * tolerance * max(sigma1, 1e-300) }
    }
}
