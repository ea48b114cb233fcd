import Testing
import PartitionModel
import PartitionSolvers
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

    @Test(arguments: 0..<12)
    func lanczosMatchesTheDenseReference(seed: Int) {
        let a = randomSparse(40 + seed, 30, density: 0.25, seed: 100 + UInt64(seed))
        var rng = SeededGenerator(seed: UInt64(seed))
        let k = 1 + seed % 5
        let r = LanczosSVD.top(k, of: a, using: &rng)
        let ref = JacobiSVD.decompose(dense(a))
        #expect(r.converged)
        for t in 0..<k {
            #expect(abs(r.values[t] - ref.values[t]) <= 1e-8 * ref.values[t], "σ\(t): \(r.values[t]) vs \(ref.values[t])")
            // ‖A v − σ u‖ is small.
            let av = a.multiply(r.v[t])
            let res = zip(av, r.u[t]).reduce(0.0) { $0 + ($1.0 - r.values[t] * $1.1) * ($1.0 - r.values[t] * $1.1) }.squareRoot()
            #expect(res <= 1e-7 * ref.values[0])
        }
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
