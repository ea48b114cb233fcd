import PartitionModel

/// The contiguous row split baseline: rows in order, counts ∝ device speed (largest remainder);
/// columns then go to a device that needs them (``ColumnOwnership``).
///
/// The 1-D baseline of MoDNN's FC experiments: no attention to the sparsity pattern.
///
/// - Complexity: O(nnz + m + n·k).
public enum RowSplit {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "rowsplit"

    /// Contiguous row ranges ∝ speed, with columns owned greedily.
    public static func partition(_ w: SparseMatrix, cluster: FCCluster) -> FCPartition {
        let counts = largestRemainder(w.rows, weights: cluster.speeds)
        var rowOwner: [Int] = []
        for (d, c) in counts.enumerated() { rowOwner += Array(repeating: d, count: c) }
        let columnOwner = ColumnOwnership.assign(w, rowOwner: rowOwner, cluster: cluster)
        return FCPartition(rowOwner: rowOwner, columnOwner: columnOwner)
    }
}
