import PartitionModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    public static let name = "dhillon"

    public static func partition<G: RandomNumberGenerator>(_ w: SparseMatrix, groups k: Int, restarts: Int = 5,
                                                           using rng: inout G) throws(SolverInputError) -> FCPartition {
        guard k >= 1 else { throw SolverInputError("need at least one group") }
        guard w.nonzeros > 0 else { throw SolverInputError("the matrix has no nonzero entry") }
        let m = w.rows, n = w.columns
        if k == 1 { return FCPartition(rowOwner: Array(repeating: 0, count: m), columnOwner: Array(repeating: 0, count: n)) }
        var r = [Double](repeating: 0, count: m), c = [Double](repeating: 0, count: n)
        for (i, j, v) in w.entries { r[i] += abs(v); c[j] += abs(v) }
        let dr = r.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }, dc = c.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        let an: SparseMatrix
        do {
            an = try SparseMatrix(rows: m, columns: n, entries: w.entries.map { ($0.row, $0.column, abs($0.value) * dr[$0.row] * dc[$0.column]) })
        } catch { throw SolverInputError(error.reason) }
        let ell = max(1, Int(ceil(log2(Double(k)))))
        guard min(m, n) - 1 - ell >= 1 else { throw SolverInputError("a \(m) × \(n) matrix cannot be split into \(k) groups (needs ⌈log₂ k⌉ + 1 ≤ min(rows, columns))") }
        let sr = r.reduce(0, +).squareRoot(), sc = c.reduce(0, +).squareRoot()
        let u1 = r.map { $0.squareRoot() / sr }, v1 = c.map { $0.squareRoot() / sc }
        // One pair at a time, each run deflating every pair found so far: a single Krylov space holds
        // one direction of a repeated singular value (a planted block-diagonal matrix has σ = 1
        // once per block), so repeated values need fresh runs.
        var found: [(u: [Double], v: [Double])] = [(u1, v1)]
        for _ in 0..<ell {
            let svd = LanczosSVD.top(1, of: an, deflate: found, using: &rng)
            found.append((svd.u[0], svd.v[0]))
        }
        let us = found.dropFirst().map(\.u), vs = found.dropFirst().map(\.v)
        var points: [[Double]] = [], owners: [(isRow: Bool, index: Int)] = []
        for i in 0..<m where r[i] > 0 { points.append(us.map { $0[i] * dr[i] }); owners.append((true, i)) }
        for j in 0..<n where c[j] > 0 { points.append(vs.map { $0[j] * dc[j] }); owners.append((false, j)) }
        let labels = KMeans.cluster(points, k: min(k, points.count), restarts: restarts, using: &rng)
        var rowOwner = [Int](repeating: -1, count: m), columnOwner = [Int](repeating: 0, count: n)
        for (p, o) in owners.enumerated() { if o.isRow { rowOwner[o.index] = labels[p] } else { columnOwner[o.index] = labels[p] } }
        var load = [Int](repeating: 0, count: k)
        for i in 0..<m where rowOwner[i] >= 0 { load[rowOwner[i]] += w.rowStart[i + 1] - w.rowStart[i] }
        for i in 0..<m where rowOwner[i] < 0 {
            rowOwner[i] = load.indices.min { load[$0] < load[$1] }!
        }
        return FCPartition(rowOwner: rowOwner, columnOwner: columnOwner)
    }
}

/// Lloyd's k-means with k-means++ seeding.
///
/// Source: D. Arthur, S. Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007.
///
/// - Complexity: O(restarts · iterations · points · k · dims).
public enum KMeans {
    public static func cluster<G: RandomNumberGenerator>(_ points: [[Double]], k: Int, restarts: Int = 5, maxIterations: Int = 100,
                                                         using rng: inout G) -> [Int] {
        precondition(k >= 1 && k <= points.count)
        func d2(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        var bestLabels: [Int] = [], bestInertia = Double.infinity
        for _ in 0..<max(1, restarts) {
            var centers = [points[Int.random(in: 0..<points.count, using: &rng)]]
            while centers.count < k {
                let dist = points.map { p in centers.map { d2(p, $0) }.min()! }
                let total = dist.reduce(0, +)
                if total == 0 { centers.append(points[Int.random(in: 0..<points.count, using: &rng)]); continue }
                var x = Double.random(in: 0..<total, using: &rng)
                var pick = points.count - 1
                for (i, d) in dist.enumerated() { x -= d; if x < 0 { pick = i; break } }
                centers.append(points[pick])
            }
            var labels = [Int](repeating: -1, count: points.count)
            for _ in 0..<maxIterations {
                var changed = false
                for (i, p) in points.enumerated() {
                    let l = centers.indices.min { d2(p, centers[$0]) < d2(p, centers[$1]) }!
                    if l != labels[i] { labels[i] = l; changed = true }
                }
                if !changed { break }
                for g in 0..<k {
                    let members = points.indices.filter { labels[$0] == g }
                    if members.isEmpty { continue }
                    centers[g] = (0..<points[0].count).map { dim in members.reduce(0.0) { $0 + points[$1][dim] } / Double(members.count) }
                }
            }
            let inertia = points.indices.reduce(0.0) { $0 + d2(points[$1], centers[labels[$1]]) }
            if inertia < bestInertia { (bestInertia, bestLabels) = (inertia, labels) }
        }
        return bestLabels
    }
}

/// The contiguous row split baseline: rows in order, counts ∝ device speed (largest remainder);
/// each column goes to the device that owns the most of its nonzeros.
///
/// - Complexity: O(nnz + m + n·k).
public enum RowSplit {
    public static let name = "rowsplit"

    public static func partition(_ w: SparseMatrix, cluster: FCCluster) -> FCPartition {
        let counts = largestRemainder(w.rows, weights: cluster.speeds)
        var rowOwner: [Int] = []
        for (d, c) in counts.enumerated() { rowOwner += Array(repeating: d, count: c) }
        var columnOwner = [Int](repeating: 0, count: w.columns)
        for j in 0..<w.columns {
            var votes = [Int](repeating: 0, count: cluster.speeds.count)
            for t in w.columnStart[j]..<w.columnStart[j + 1] { votes[rowOwner[Int(w.rowIndex[t])]] += 1 }
            columnOwner[j] = votes.indices.max { (votes[$0], -$0) < (votes[$1], -$1) }!
        }
        return FCPartition(rowOwner: rowOwner, columnOwner: columnOwner)
    }
}
