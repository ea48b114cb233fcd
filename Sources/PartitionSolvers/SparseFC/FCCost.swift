import PartitionModel

/// The solvers' own evaluation of a P5 partition (the verifier recomputes it independently).
///
/// Column by column: the devices whose rows touch column j each need x_j, except its owner.
/// Partial-sum groups are then settled row by row. Returns T_d for every device.
///
/// - Complexity: O(nnz + (m + n)·k).
public enum FCCost {
    public static func deviceSeconds(_ p: FCPartition, matrix w: SparseMatrix, cluster: FCCluster) -> [Double] {
        let k = cluster.count
        var work = [Int](repeating: 0, count: k), received = [Int](repeating: 0, count: k)
        var partial = Set(p.partialSums)
        partial = partial.filter { $0.rowDevice != $0.columnDevice }
        // Inputs: column-wise, a device counts once per column it touches through a group sent as inputs.
        var stamp = [Int](repeating: -1, count: k)
        for j in 0..<w.columns {
            let owner = p.columnOwner[j]
            for t in w.columnStart[j]..<w.columnStart[j + 1] {
                let d = p.rowOwner[Int(w.rowIndex[t])]
                if d == owner { work[d] += 1; continue }
                if partial.contains(FCGroup(rowDevice: d, columnDevice: owner)) { work[owner] += 1; continue }
                work[d] += 1
                if stamp[d] != j { stamp[d] = j; received[d] += 1 }
            }
        }
        // Partial sums: one value per (row, owner device) pair of a partial-sum group.
        if !partial.isEmpty {
            var seen = [Int](repeating: -1, count: k)
            for i in 0..<w.rows {
                let d = p.rowOwner[i]
                for t in w.rowStart[i]..<w.rowStart[i + 1] {
                    let e = p.columnOwner[Int(w.columnIndex[t])]
                    if e != d, seen[e] != i, partial.contains(FCGroup(rowDevice: d, columnDevice: e)) { seen[e] = i; received[d] += 1 }
                }
            }
        }
        return (0..<k).map { 2 * Double(work[$0]) / cluster.speeds[$0] + cluster.bytesPerValue * Double(received[$0]) / cluster.bandwidths[$0] }
    }

    public static func makespan(_ p: FCPartition, matrix w: SparseMatrix, cluster: FCCluster) -> Double {
        deviceSeconds(p, matrix: w, cluster: cluster).max() ?? 0
    }
}
