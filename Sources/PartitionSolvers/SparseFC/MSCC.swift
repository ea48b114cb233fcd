import PartitionModel

/// MoDNN's modified spectral co-clustering: Dhillon's embedding, clusters held in proportion to device speeds.
///
/// 1. The spectral embedding of ``SpectralCoclustering`` (ℓ = ⌈log₂ k⌉ singular pairs of the
///    normalised matrix after the trivial one, from our Lanczos solver).
/// 2. Seeded k-means++ on all row and column points gives k centres. Centres are matched to
///    devices by size: the centre with the most row nonzeros goes to the fastest device.
/// 3. Balanced assignment: device d may hold about c_d / Σc of the nonzeros (its share of the
///    work). Rows, taken by decreasing regret (distance to their second-nearest centre minus the
///    nearest), go to the nearest centre whose device still has room (a row fits while the
///    device's load plus half the row stays within its share); a row that fits nowhere goes to
///    the device with the most room left, so no device exceeds its share by more than one row. Centres are then recomputed from the rows and the
///    columns (each column at its nearest centre) and the assignment repeated until it is stable
///    (at most 20 rounds).
/// 4. Columns go to a device that needs them (``ColumnOwnership``).
///
/// Off-block nonzeros are then exchanged by ``FGCP`` if asked. MoDNN describes the balance
/// constraint in words; this is our reading of it (FORMULATIONS P5 marks it "reading").
///
/// Source: J. Mao et al., "MoDNN: local distributed mobile computing system for deep neural
/// network", DATE 2017; I. S. Dhillon, KDD 2001.
///
/// - Complexity: the embedding (ℓ Lanczos runs), k-means, then O(rounds · ((m + n)·k·ℓ + m log m)).
public enum MSCC {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "mscc"

    /// MSCC's partition of `w` on `cluster`; `rng` seeds the Lanczos start vectors and k-means++.
    public static func partition<G: RandomNumberGenerator>(_ w: SparseMatrix, cluster: FCCluster, restarts: Int = 5,
                                                           using rng: inout G) throws(SolverInputError) -> FCPartition {
        let k = cluster.count
        if let why = cluster.problem { throw SolverInputError(why) }
        guard w.nonzeros > 0 else { throw SolverInputError("the matrix has no nonzero entry") }
        let m = w.rows
        if k == 1 {
            return FCPartition(rowOwner: Array(repeating: 0, count: m), columnOwner: Array(repeating: 0, count: w.columns))
        }
        let z = try SpectralCoclustering.embedding(w, groups: k, using: &rng)
        let dims = z.points[0].count
        let labels = KMeans.cluster(z.points, k: min(k, z.points.count), restarts: restarts, using: &rng)
        func d2(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for t in 0..<dims { s += (a[t] - b[t]) * (a[t] - b[t]) }
            return s
        }
        func centres(_ label: [Int]) -> [[Double]] {
            var sum = [[Double]](repeating: [Double](repeating: 0, count: dims), count: k), count = [Int](repeating: 0, count: k)
            for (p, l) in label.enumerated() where l >= 0 {
                count[l] += 1
                for t in 0..<dims { sum[l][t] += z.points[p][t] }
            }
            return (0..<k).map { g in count[g] > 0 ? sum[g].map { $0 / Double(count[g]) } : z.points[g % z.points.count] }
        }
        // Match k-means clusters to devices by size (row nonzeros) and speed.
        var clusterLoad = [Int](repeating: 0, count: k)
        for (p, o) in z.owners.enumerated() where o.isRow { clusterLoad[labels[p]] += w.rowCount(o.index) }
        let bySize = (0..<k).sorted { (clusterLoad[$0], -$0) > (clusterLoad[$1], -$1) }
        let bySpeed = (0..<k).sorted { (cluster.speeds[$0], -$0) > (cluster.speeds[$1], -$1) }
        var deviceOfCluster = [Int](repeating: 0, count: k)
        for (a, b) in zip(bySize, bySpeed) { deviceOfCluster[a] = b }
        var label = labels.map { deviceOfCluster[$0] }
        var centre = centres(label)
        let total = Double(w.nonzeros), speedSum = cluster.speeds.reduce(0, +)
        let share = cluster.speeds.map { total * $0 / speedSum }
        let rowPoints = z.owners.indices.filter { z.owners[$0].isRow }
        var previous: [Int] = []
        for _ in 0..<20 {
            // Rows by decreasing regret.
            let ranked = rowPoints.map { p -> (point: Int, order: [Int], regret: Double) in
                let dist = (0..<k).map { d2(z.points[p], centre[$0]) }
                let order = (0..<k).sorted { (dist[$0], $0) < (dist[$1], $1) }
                return (p, order, dist[order[1]] - dist[order[0]])
            }.sorted { ($0.regret, -$0.point) > ($1.regret, -$1.point) }
            var load = [Double](repeating: 0, count: k)
            for r in ranked {
                let size = Double(w.rowCount(z.owners[r.point].index))
                let room: [Double] = (0..<k).map { share[$0] - load[$0] }
                let fits: Int? = r.order.first { size / 2 <= room[$0] }
                let d: Int = fits ?? room.indices.max { (room[$0], -$0) < (room[$1], -$1) }!
                label[r.point] = d
                load[d] += size
            }
            for (p, o) in z.owners.enumerated() where !o.isRow {
                label[p] = (0..<k).min { (d2(z.points[p], centre[$0]), $0) < (d2(z.points[p], centre[$1]), $1) }!
            }
            if label == previous { break }
            previous = label
            centre = centres(label)
        }
        var rowOwner = [Int](repeating: -1, count: m)
        for (p, o) in z.owners.enumerated() where o.isRow { rowOwner[o.index] = label[p] }
        // Empty rows cost nothing: spread them over the devices with the least work per speed.
        var load = [Double](repeating: 0, count: k)
        for i in 0..<m where rowOwner[i] >= 0 { load[rowOwner[i]] += Double(w.rowCount(i)) }
        var emptyCount = [Int](repeating: 0, count: k)
        for i in 0..<m where rowOwner[i] < 0 {
            let d = (0..<k).min { (emptyCount[$0], load[$0] / cluster.speeds[$0], $0) < (emptyCount[$1], load[$1] / cluster.speeds[$1], $1) }!
            rowOwner[i] = d
            emptyCount[d] += 1
        }
        return FCPartition(rowOwner: rowOwner, columnOwner: ColumnOwnership.assign(w, rowOwner: rowOwner, cluster: cluster))
    }
}
