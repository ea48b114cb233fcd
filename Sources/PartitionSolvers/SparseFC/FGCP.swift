import PartitionModel

/// MoDNN's fine-grained cross partition: each off-block group sends inputs or partial sums, whichever is fewer values.
///
/// For rows owned by d and columns owned by e ≠ d, device d can receive the distinct inputs x_j
/// it needs from e (I values), or e can multiply its own inputs into those rows and send d one
/// partial sum per row touched (P values). FGCP picks partial sums when P < I. The work of that
/// group moves from d to e; the verifier charges it to e.
///
/// Source: J. Mao et al., MoDNN, DATE 2017 (FORMULATIONS P5 marks FGCP "reading").
///
/// - Complexity: O(nnz + m·k + k²).
public enum FGCP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "fgcp"

    /// The partition with every off-block group exchanged the cheaper way.
    public static func apply(_ p: FCPartition, matrix w: SparseMatrix, devices k: Int) -> FCPartition {
        let c = FCGroupCounts(p, matrix: w, devices: k)
        var groups: [FCGroup] = []
        for d in 0..<k { for e in 0..<k where e != d && c.sums[d * k + e] < c.inputs[d * k + e] { groups.append(FCGroup(rowDevice: d, columnDevice: e)) } }
        return FCPartition(rowOwner: p.rowOwner, columnOwner: p.columnOwner, partialSums: groups)
    }
}
