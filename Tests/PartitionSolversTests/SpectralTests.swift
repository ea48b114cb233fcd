import Testing
import PartitionModel
@testable import PartitionSolvers
import TestSupport

func randomSparse(_ m: Int, _ n: Int, density: Double, seed: UInt64) -> SparseMatrix {
    var rng = SeededGenerator(seed: seed)
    var e: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<m { for j in 0..<n where Double.random(in: 0..<1, using: &rng) < density { e.append((i, j, Double.random(in: -1...1, using: &rng))) } }
    return try! SparseMatrix(rows: m, columns: n, entries: e)
}

func dense(_ a: SparseMatrix) -> [[Double]] {
    var d = [[Double]](repeating: [Double](repeating: 0, count: a.columns), count: a.rows)
    for (i, j, v) in a.entries { d[i][j] = v }
    return d
}

@Suite("Eigensolver: Jacobi and Golub–Kahan–Lanczos SVD")
struct SpectralTests {
    @Test(arguments: 0..<8)
    func jacobiReconstructsTheMatrixWithOrthonormalFactors(seed: Int) {
        let a = dense(randomSparse(9 + seed, 6 + seed % 5, density: 0.6, seed: UInt64(seed)))
        let r = JacobiSVD.decompose(a)
        let m = a.count, n = a[0].count, k = r.values.count
        #expect(zip(r.values, r.values.dropFirst()).allSatisfy { $0 >= $1 })
        for i in 0..<m { for j in 0..<n {
            let x = (0..<k).reduce(0.0) { $0 + r.u[$1][i] * r.values[$1] * r.v[$1][j] }
            #expect(abs(x - a[i][j]) < 1e-12)
        } }
        for p in 0..<k { for q in 0..<k {
            let vv = (0..<n).reduce(0.0) { $0 + r.v[p][$1] * r.v[q][$1] }
            #expect(abs(vv - (p == q ? 1 : 0)) < 1e-12)
            if r.values[p] > 1e-12 && r.values[q] > 1e-12 {
                let uu = (0..<m).reduce(0.0) { $0 + r.u[p][$1] * r.u[q][$1] }
                #expect(abs(uu - (p == q ? 1 : 0)) < 1e-12)
            }
        } }
    }

    /// Tall (odd seeds) and wide (even seeds) matrices: one-sided reorthogonalisation keeps the
    /// shorter side's basis, and the other side's vectors are recomputed; both residuals are checked.
    @Test(arguments: 0..<12)
    func lanczosMatchesTheDenseReference(seed: Int) {
        let (m, n) = seed % 2 == 1 ? (40 + seed, 30) : (30, 40 + seed)
        let a = randomSparse(m, n, density: 0.25, seed: 100 + UInt64(seed))
        var rng = SeededGenerator(seed: UInt64(seed))
        let k = 1 + seed % 5
        let r = LanczosSVD.top(k, of: a, using: &rng)
        let ref = JacobiSVD.decompose(dense(a))
        #expect(r.converged)
        func distance(_ x: [Double], _ y: [Double], _ sigma: Double) -> Double {
            zip(x, y).reduce(0.0) { $0 + ($1.0 - sigma * $1.1) * ($1.0 - sigma * $1.1) }.squareRoot()
        }
        for t in 0..<k {
            #expect(abs(r.values[t] - ref.values[t]) <= 1e-8 * ref.values[t], "σ\(t): \(r.values[t]) vs \(ref.values[t])")
            #expect(distance(a.multiply(r.v[t]), r.u[t], r.values[t]) <= 1e-7 * ref.values[0], "‖Av − σu‖ of σ\(t)")
            #expect(distance(a.multiplyTransposed(r.u[t]), r.v[t], r.values[t]) <= 1e-7 * ref.values[0], "‖Aᵀu − σv‖ of σ\(t)")
            for q in 0..<k {
                let uu = zip(r.u[t], r.u[q]).reduce(0.0) { $0 + $1.0 * $1.1 }, vv = zip(r.v[t], r.v[q]).reduce(0.0) { $0 + $1.0 * $1.1 }
                #expect(abs(uu - (t == q ? 1 : 0)) < 1e-8 && abs(vv - (t == q ? 1 : 0)) < 1e-8, "orthonormal vectors \(t), \(q)")
            }
        }
    }

    /// The QL screen's eigenvalues and last eigenvector components equal the Jacobi SVD's of the
    /// same symmetric tridiagonal (a symmetric matrix's singular values are its |eigenvalues|),
    /// on scales from 1e-9 to 1e12, with repeated diagonals and zero couplings.
    @Test(arguments: 0..<10)
    func tridiagonalQLMatchesJacobi(seed: Int) {
        var rng = SeededGenerator(seed: 300 + UInt64(seed))
        let n = 1 + seed * 3
        let scale = [1e-9, 1, 1e12][seed % 3]
        // Positive semidefinite, as B Bᵀ in Lanczos: T = L Lᵀ for a random lower bidiagonal L.
        let diagonalL = (0..<n).map { _ in seed == 4 ? 1 : Double.random(in: 0...1, using: &rng) }
        let below = (0..<max(n - 1, 0)).map { i in seed == 7 && i % 3 == 0 ? 0 : Double.random(in: 0...1, using: &rng) }
        let d = (0..<n).map { i in scale * (diagonalL[i] * diagonalL[i] + (i > 0 ? below[i - 1] * below[i - 1] : 0)) }
        let e = (0..<max(n - 1, 0)).map { i in scale * below[i] * diagonalL[i] }
        guard let ql = TridiagonalQL.eigen(diagonal: d, offDiagonal: e) else {
            Issue.record("no convergence")
            return
        }
        var t = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { t[i][i] = d[i]; if i + 1 < n { t[i][i + 1] = e[i]; t[i + 1][i] = e[i] } }
        let ref = JacobiSVD.decompose(t)
        let values = ql.values.sorted(by: >)
        for i in 0..<n { #expect(abs(values[i] - ref.values[i]) <= 1e-12 * ref.values[0], "λ\(i): \(values[i]) vs \(ref.values[i])") }
        // The last components: for a simple eigenvalue, |z_last| is that of Jacobi's vector.
        let order = ql.values.indices.sorted { ql.values[$0] > ql.values[$1] }
        for i in 0..<n where (i == 0 || ref.values[i - 1] - ref.values[i] > 1e-6 * ref.values[0])
            && (i == n - 1 || ref.values[i] - ref.values[i + 1] > 1e-6 * ref.values[0]) {
            #expect(abs(abs(ql.last[order[i]]) - abs(ref.u[i][n - 1])) <= 1e-8, "last component of vector \(i)")
        }
        #expect(abs(ql.last.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12, "the last row of an orthogonal matrix is a unit vector")
    }

    @Test(arguments: 0..<6)
    func deflatingTheTrivialPairOfTheNormalisedMatrix(seed: Int) {
        // A_n = R^{-1/2} |W| C^{-1/2}: σ₁ = 1 with u₁ ∝ √r, v₁ ∝ √c (Dhillon 2001).
        let w = randomSparse(35, 28, density: 0.3, seed: 200 + UInt64(seed))
        var r = [Double](repeating: 0, count: w.rows), c = [Double](repeating: 0, count: w.columns)
        for (i, j, v) in w.entries { r[i] += abs(v); c[j] += abs(v) }
        let an = try! SparseMatrix(rows: w.rows, columns: w.columns,
                                   entries: w.entries.map { ($0.row, $0.column, abs($0.value) / (r[$0.row] * c[$0.column]).squareRoot()) })
        func unit(_ x: [Double]) -> [Double] { let s = x.reduce(0) { $0 + $1 }.squareRoot(); return x.map { $0.squareRoot() / s } }
        let ref = JacobiSVD.decompose(dense(an))
        #expect(abs(ref.values[0] - 1) < 1e-12)
        var rng = SeededGenerator(seed: UInt64(seed))
        let l = LanczosSVD.top(3, of: an, deflate: [(unit(r), unit(c))], using: &rng)
        for t in 0..<3 { #expect(abs(l.values[t] - ref.values[t + 1]) <= 1e-8 * ref.values[t + 1], "σ\(t + 2)") }
    }
}
