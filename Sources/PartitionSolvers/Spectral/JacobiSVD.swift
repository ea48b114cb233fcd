/// Dense singular value decomposition by one-sided Jacobi rotations (Hestenes' method).
///
/// Columns of a working copy of A are rotated in pairs until every pair is orthogonal to
/// machine precision; the column norms are then the singular values, the normalised columns
/// the left singular vectors, and the accumulated rotations the right ones. Slow (O(m·n²) per
/// sweep, a handful of sweeps) but simple and accurate to a few ulps relative, which makes it
/// the reference the Lanczos solver is tested against, and the solver of Lanczos' small
/// bidiagonal problems. No LAPACK.
///
/// Source: M. R. Hestenes, "Inversion of matrices by biorthogonalization", J. SIAM 6, 1958;
/// J. Demmel, K. Veselić, "Jacobi's method is more accurate than QR", SIMAX 13, 1992.
///
/// - Complexity: O(sweeps · m · n²) time, O(m·n + n²) memory.
public enum JacobiSVD {
    /// The singular triplets of a dense matrix.
    public struct Result: Sendable {
        /// Singular values in descending order.
        public let values: [Double]
        /// Left singular vectors, `u[k]` of length m (for the k-th value).
        public let u: [[Double]]
        /// Right singular vectors, `v[k]` of length n.
        public let v: [[Double]]
    }

    /// The thin SVD of the m × n matrix given by rows (m ≥ 1, n ≥ 1).
    public static func decompose(_ a: [[Double]]) -> Result {
        let m = a.count, n = a.first?.count ?? 0
        precondition(m > 0 && n > 0 && a.allSatisfy { $0.count == n })
        if m < n {
            // Work on Aᵀ and swap the roles of U and V.
            let t = (0..<n).map { j in (0..<m).map { a[$0][j] } }
            let r = decompose(t)
            return Result(values: r.values, u: r.v, v: r.u)
        }
        // Column-major working copy.
        var w = (0..<n).map { j in (0..<m).map { a[$0][j] } }
        var v = (0..<n).map { j in (0..<n).map { $0 == j ? 1.0 : 0.0 } }
        let eps = 2.220446049250313e-16
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        alpha += w[p][i] * w[p][i]
                        beta += w[q][i] * w[q][i]
                        gamma += w[p][i] * w[q][i]
                    }
                    if gamma == 0 || abs(gamma) <= eps * (alpha * beta).squareRoot() { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<m {
                        let x = w[p][i], y = w[q][i]
                        w[p][i] = c * x - s * y
                        w[q][i] = s * x + c * y
                    }
                    for i in 0..<n {
                        let x = v[p][i], y = v[q][i]
                        v[p][i] = c * x - s * y
                        v[q][i] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        let norms = w.map { col in col.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let order = norms.indices.sorted { norms[$0] > norms[$1] }
        return Result(values: order.map { norms[$0] },
                      u: order.map { j in norms[j] > 0 ? w[j].map { $0 / norms[j] } : w[j] },
                      v: order.map { v[$0] })
    }
}
