import PartitionModel

/// The 2-D grid baseline: a pr × pc checkerboard of devices over contiguous row and column ranges.
///
/// k = pr·pc with pr ≤ pc as close as possible (a prime k gives 1 × k). Rows are cut into pr
/// contiguous stripes in proportion to the summed speed of each grid row, and each stripe among
/// the devices of its grid row in proportion to their speeds; columns likewise among the devices
/// of each grid column. This is the classic 2-D (checkerboard) layout of sparse matrix–vector
/// products: device (r, c) needs inputs from its grid column only once FGCP turns the row-wise
/// groups into partial sums. It ignores the sparsity pattern.
///
/// - Complexity: O(m + n + k).
public enum GridSplit {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "grid"

    /// The grid's shape for k devices.
    public static func shape(_ k: Int) -> (rows: Int, columns: Int) {
        var pr = Int(Double(k).squareRoot())
        while pr > 1 && k % pr != 0 { pr -= 1 }
        return (max(pr, 1), k / max(pr, 1))
    }

    /// The checkerboard partition of `w` on `cluster`.
    public static func partition(_ w: SparseMatrix, cluster: FCCluster) -> FCPartition {
        let k = cluster.count
        let (pr, pc) = shape(k)
        func device(_ r: Int, _ c: Int) -> Int { r * pc + c }
        func split(_ count: Int, groups: [[Int]]) -> [Int] {
            // Contiguous ranges: first by group (summed speed), then by device within its group.
            var owner: [Int] = []
            let sizes = largestRemainder(count, weights: groups.map { $0.reduce(0.0) { $0 + cluster.speeds[$1] } })
            for (g, devices) in groups.enumerated() {
                let inner = largestRemainder(sizes[g], weights: devices.map { cluster.speeds[$0] })
                for (t, d) in devices.enumerated() { owner += Array(repeating: d, count: inner[t]) }
            }
            return owner
        }
        let rowOwner = split(w.rows, groups: (0..<pr).map { r in (0..<pc).map { device(r, $0) } })
        let columnOwner = split(w.columns, groups: (0..<pc).map { c in (0..<pr).map { device($0, c) } })
        return FCPartition(rowOwner: rowOwner, columnOwner: columnOwner)
    }
}
