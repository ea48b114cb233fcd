import PartitionModel

/// Chooses the owner of every input column once the rows are placed, greedily for the makespan.
///
/// A column touched by the rows of the devices S_j costs one received value for every device of
/// S_j except its owner, so the owner should be a device of S_j (any other choice adds nothing
/// and saves nothing). A column touched by one device goes to it; a shared column goes to the
/// device of S_j whose current T_d = 2·nnz_d/c_d + β·comm_d/b_d is the largest, and that
/// device's comm_d drops by one. Untouched columns go to the device with the fewest columns.
///
/// - Complexity: O(nnz + n·k).
public enum ColumnOwnership {
    /// The owner of every column of `w` given the row owners.
    public static func assign(_ w: SparseMatrix, rowOwner: [Int], cluster: FCCluster) -> [Int] {
        let k = cluster.count
        var nnz = [Int](repeating: 0, count: k), comm = [Int](repeating: 0, count: k)
        for i in 0..<w.rows { nnz[rowOwner[i]] += w.rowCount(i) }
        var touching = [[Int]](repeating: [], count: w.columns)
        var mark = [Int](repeating: -1, count: k)
        for j in 0..<w.columns {
            for t in w.columnStart[j]..<w.columnStart[j + 1] {
                let d = rowOwner[Int(w.rowIndex[t])]
                if mark[d] != j { mark[d] = j; touching[j].append(d); comm[d] += 1 }
            }
        }
        func time(_ d: Int) -> Double { 2 * Double(nnz[d]) / cluster.speeds[d] + cluster.bytesPerValue * Double(comm[d]) / cluster.bandwidths[d] }
        var owner = [Int](repeating: -1, count: w.columns), owned = [Int](repeating: 0, count: k)
        for j in 0..<w.columns where touching[j].count == 1 {
            owner[j] = touching[j][0]; comm[owner[j]] -= 1; owned[owner[j]] += 1
        }
        for j in 0..<w.columns where touching[j].count > 1 {
            let d = touching[j].max { (time($0), -$0) < (time($1), -$1) }!
            owner[j] = d; comm[d] -= 1; owned[d] += 1
        }
        for j in 0..<w.columns where owner[j] < 0 {
            let d = owned.indices.min { (owned[$0], $0) < (owned[$1], $1) }!
            owner[j] = d; owned[d] += 1
        }
        return owner
    }
}
