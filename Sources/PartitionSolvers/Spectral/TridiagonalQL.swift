import RealModule

/// Eigenvalues of a symmetric tridiagonal matrix and the last components of its eigenvectors.
///
/// The implicit QL algorithm with Wilkinson's shift: each sweep chases a bulge from the bottom of
/// the unreduced block up to its top with Givens rotations, until every off-diagonal element is
/// negligible against its two diagonal neighbours. The rotations are applied to one row of the
/// eigenvector matrix only (its last), which is all a Lanczos convergence test needs: the
/// residual of the j-th Ritz pair is β·|last component of eigenvector j|. Used by ``LanczosSVD``
/// on T = B Bᵀ of its bidiagonal B to decide, in O(n²) instead of a full SVD's O(n³), when to
/// run the full small SVD.
///
/// Source: R. S. Martin, J. H. Wilkinson, "The implicit QL algorithm", Numer. Math. 12, 1968
/// (EISPACK's tql2, restricted here to one row of the vectors).
///
/// - Complexity: O(n²) time (O(n) per rotation sweep, about two sweeps per eigenvalue), O(n) memory.
enum TridiagonalQL {
    /// The eigenvalues (unsorted) and the last component of each one's unit eigenvector, or nil
    /// when an eigenvalue needs more than 60 sweeps (never observed; the caller falls back).
    /// `offDiagonal[i]` couples rows i and i + 1 (n − 1 entries).
    static func eigen(diagonal: [Double], offDiagonal: [Double]) -> (values: [Double], last: [Double])? {
        let n = diagonal.count
        guard n > 0, offDiagonal.count == n - 1 else { return nil }
        var d = diagonal, e = offDiagonal + [0]
        var z = [Double](repeating: 0, count: n)
        z[n - 1] = 1
        for l in 0..<n {
            var sweeps = 0
            while true {
                let m = splitPoint(d, e, from: l)
                if m == l { break }
                sweeps += 1
                if sweeps > 60 { return nil }
                sweep(&d, &e, &z, l, m)
            }
        }
        return (d, z)
    }

    /// The first m ≥ l whose coupling to m + 1 is negligible (n − 1 when none is).
    private static func splitPoint(_ d: [Double], _ e: [Double], from l: Int) -> Int {
        var m = l
        while m < d.count - 1 {
            if abs(e[m]) <= Double.ulpOfOne * (abs(d[m]) + abs(d[m + 1])) { break }
            m += 1
        }
        return m
    }

    /// One implicit QL sweep on the block l…m with the shift of the top 2×2 eigenvalue nearer d[l].
    private static func sweep(_ d: inout [Double], _ e: inout [Double], _ z: inout [Double], _ l: Int, _ m: Int) {
        var g = (d[l + 1] - d[l]) / (2 * e[l])
        var r = Double.hypot(g, 1)
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
        var s = 1.0, c = 1.0, p = 0.0
        var i = m - 1
        while i >= l {
            let f = s * e[i], b = c * e[i]
            r = Double.hypot(f, g)
            e[i + 1] = r
            if r == 0 {
                // Underflow: the block splits here; the next sweep starts afresh.
                d[i + 1] -= p
                e[m] = 0
                return
            }
            s = f / r
            c = g / r
            g = d[i + 1] - p
            r = (d[i] - g) * s + 2 * c * b
            p = s * r
            d[i + 1] = g + p
            g = c * r - b
            let zf = z[i + 1]
            z[i + 1] = s * z[i] + c * zf
            z[i] = c * z[i] - s * zf
            i -= 1
        }
        d[l] -= p
        e[l] = g
        e[m] = 0
    }
}
