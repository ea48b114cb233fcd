import PartitionModel
import RealModule

/// Dhillon's spectral co-clustering of a sparse FC layer's rows and columns into k groups.
///
/// A = |W|, R = diag(A·1), C = diag(Aᵀ·1), A_n = R^{-1/2} A C^{-1/2}. The top singular pair of A_n
/// is trivial (σ = 1, u ∝ √r, v ∝ √c) and is deflated analytically; the next ℓ = ⌈log₂ k⌉ pairs
/// come from ``LanczosSVD``, one run per pair with every earlier pair deflated (so repeated
/// singular values, as in planted block-diagonal matrices, are all found). Rows and columns become points Z = [R^{-1/2} U; C^{-1/2} V] in ℝ^ℓ,
/// clustered together by k-means (k-means++ seeding, several seeded restarts, the lowest inertia
/// kept). Empty rows and columns (all zeros) get scale 0 instead of 1/√0 (scikit-learn's bug) and
/// are placed afterwards: empty rows on the device with the fewest nonzeros, empty columns on
/// device 0 (they cost nothing either way). Cluster g is device g.
///
/// Source: I. S. Dhillon, "Co-clustering documents and words using bipartite spectral graph
/// partitioning", KDD 2001.
///
/// - Complexity: one Lanczos run (see ``LanczosSVD``) plus O(restarts · iterations · (m + n) · k · ℓ).
public enum SpectralCoclustering {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "dhillon"

    /// Dhillon's co-clustering of `w` into `k` groups (row and column owners); `rng` seeds it.
    public static func partition<G: RandomNumberGenerator>(_ w: SparseMatrix, groups k: Int, restarts: Int = 5,
                                                           using rng: inout G) throws(SolverInputError) -> FCPartition {
        guard k >= 1 else { throw SolverInputError("need at least one group") }
        guard w.nonzeros > 0 else { throw SolverInputError("the matrix has no nonzero entry") }
        let m = w.rows, n = w.columns
        if k == 1 { return FCPartition(rowOwner: Array(repeating: 0, count: m), columnOwner: Array(repeating: 0, count: n)) }
        let z = try embedding(w, groups: k, using: &rng)
        let labels = KMeans.cluster(z.points, k: min(k, z.points.count), restarts: restarts, using: &rng)
        var rowOwner = [Int](repeating: -1, count: m), columnOwner = [Int](repeating: 0, count: n)
        for (p, o) in z.owners.enumerated() { if o.isRow { rowOwner[o.index] = labels[p] } else { columnOwner[o.index] = labels[p] } }
        var load = [Int](repeating: 0, count: k)
        for i in 0..<m where rowOwner[i] >= 0 { load[rowOwner[i]] += w.rowCount(i) }
        for i in 0..<m where rowOwner[i] < 0 {
            rowOwner[i] = load.indices.min { load[$0] < load[$1] }!
        }
        return FCPartition(rowOwner: rowOwner, columnOwner: columnOwner)
    }

    /// The normalised matrix A_n = R^{-1/2}|W|C^{-1/2}, R and C the row and column sums of |W|
    /// (an empty row or column keeps scale 0; it has no entries to scale).
    ///
    /// - Complexity: O(nnz + m + n).
    public static func normalized(_ w: SparseMatrix) throws(SolverInputError) -> SparseMatrix {
        try normalizedWithSums(w).matrix
    }

    static func normalizedWithSums(_ w: SparseMatrix) throws(SolverInputError) -> (matrix: SparseMatrix, rowSums: [Double], columnSums: [Double]) {
        var r = [Double](repeating: 0, count: w.rows), c = [Double](repeating: 0, count: w.columns)
        for i in 0..<w.rows {
            for t in w.rowStart[i]..<w.rowStart[i + 1] {
                let a = abs(w.values[t])
                r[i] += a
                c[Int(w.columnIndex[t])] += a
            }
        }
        var scaled = w.values
        for i in 0..<w.rows {
            for t in w.rowStart[i]..<w.rowStart[i + 1] { scaled[t] = abs(scaled[t]) / (r[i] * c[Int(w.columnIndex[t])]).squareRoot() }
        }
        do {
            return (try SparseMatrix(rows: w.rows, columns: w.columns, rowStart: w.rowStart, columnIndex: w.columnIndex, values: scaled), r, c)
        } catch { throw SolverInputError(error.reason) }
    }

    /// The spectral embedding Z = [R^{-1/2} U; C^{-1/2} V] of the nonempty rows and columns.
    public struct Embedding: Sendable {
        /// One point in ℝ^ℓ per nonempty row, then per nonempty column.
        public let points: [[Double]]
        /// Which row or column each point stands for.
        public let owners: [(isRow: Bool, index: Int)]
        /// The singular values σ₂ … σ_{ℓ+1} of the normalised matrix.
        public let values: [Double]
        /// Lanczos steps over all runs.
        public let steps: Int
    }

    /// Builds the embedding for k groups (ℓ = ⌈log₂ k⌉ vectors after the trivial one).
    ///
    /// - Complexity: ℓ Lanczos runs on a matrix with nnz(W) entries.
    public static func embedding<G: RandomNumberGenerator>(_ w: SparseMatrix, groups k: Int,
                                                           using rng: inout G) throws(SolverInputError) -> Embedding {
        guard w.nonzeros > 0 else { throw SolverInputError("the matrix has no nonzero entry") }
        let m = w.rows, n = w.columns
        let (an, r, c) = try normalizedWithSums(w)
        let dr = r.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }, dc = c.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        let ell = max(1, Int(Double.log2(Double(k)).rounded(.up)))
        guard min(m, n) - 1 - ell >= 1 else { throw SolverInputError("a \(m) × \(n) matrix cannot be split into \(k) groups (needs ⌈log₂ k⌉ + 1 < min(rows, columns))") }
        let sr = r.reduce(0, +).squareRoot(), sc = c.reduce(0, +).squareRoot()
        let u1 = r.map { $0.squareRoot() / sr }, v1 = c.map { $0.squareRoot() / sc }
        // One pair at a time, each run deflating every pair found so far: a single Krylov space holds
        // one direction of a repeated singular value (a planted block-diagonal matrix has σ = 1
        // once per block), so repeated values need fresh runs.
        var found: [(u: [Double], v: [Double])] = [(u1, v1)]
        var values: [Double] = [], steps = 0
        for _ in 0..<ell {
            let svd = LanczosSVD.top(1, of: an, deflate: found, using: &rng)
            found.append((svd.u[0], svd.v[0]))
            values.append(svd.values[0])
            steps += svd.steps
        }
        let us = found.dropFirst().map(\.u), vs = found.dropFirst().map(\.v)
        var points: [[Double]] = [], owners: [(isRow: Bool, index: Int)] = []
        for i in 0..<m where r[i] > 0 { points.append(us.map { $0[i] * dr[i] }); owners.append((true, i)) }
        for j in 0..<n where c[j] > 0 { points.append(vs.map { $0[j] * dc[j] }); owners.append((false, j)) }
        return Embedding(points: points, owners: owners, values: values, steps: steps)
    }
}
