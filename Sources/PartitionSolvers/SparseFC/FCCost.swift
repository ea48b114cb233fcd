import PartitionModel

/// The solvers' own evaluation of a P5 partition (the verifier recomputes it independently).
///
/// From the group sizes (``FCGroupCounts``): a group sent as inputs costs its row device I
/// received values and N products; as partial sums, P received values and the N products move
/// to the column device. Returns T_d for every device.
///
/// - Complexity: O(nnz + m·k + k²).
public enum FCCost {
    /// T_d of every device.
    public static func deviceSeconds(_ p: FCPartition, matrix w: SparseMatrix, cluster: FCCluster) -> [Double] {
        let k = cluster.count
        let c = FCGroupCounts(p, matrix: w, devices: k)
        let partial = Set(p.partialSums.filter { $0.rowDevice != $0.columnDevice })
        var work = [Int](repeating: 0, count: k), received = [Int](repeating: 0, count: k)
        for d in 0..<k {
            for e in 0..<k {
                let g = d * k + e
                if e == d {
                    work[d] += c.products[g]
                } else if partial.contains(FCGroup(rowDevice: d, columnDevice: e)) {
                    work[e] += c.products[g]
                    received[d] += c.sums[g]
                } else {
                    work[d] += c.products[g]
                    received[d] += c.inputs[g]
                }
            }
        }
        return (0..<k).map { 2 * Double(work[$0]) / cluster.speeds[$0] + cluster.bytesPerValue * Double(received[$0]) / cluster.bandwidths[$0] }
    }

    /// max_d T_d.
    public static func makespan(_ p: FCPartition, matrix w: SparseMatrix, cluster: FCCluster) -> Double {
        deviceSeconds(p, matrix: w, cluster: cluster).max() ?? 0
    }
}
