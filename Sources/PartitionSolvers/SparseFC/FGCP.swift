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
/// - Complexity: O(nnz + k²).
public enum FGCP {
    public static let name = "fgcp"

    /// The partition with every off-block group exchanged the cheaper way.
    public static func apply(_ p: FCPartition, matrix w: SparseMatrix, devices k: Int) -> FCPartition {
        // Distinct (d, j) pairs give I; distinct (i, e) pairs give P.
        var inputs = [Int](repeating: 0, count: k * k), sums = [Int](repeating: 0, count: k * k)
        var lastRowOfColumnDevice = [Int](repeating: -1, count: k)
        var needed = [Set<Int>](repeating: [], count: k)
        for i in 0..<w.rows {
            let d = p.rowOwner[i]
            for e in 0..<k { lastRowOfColumnDevice[e] = -1 }
            for t in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = Int(w.columnIndex[t]), e = p.columnOwner[j]
                guard e != d else { continue }
                if needed[d].insert(j).inserted { inputs[d * k + e] += 1 }
                if lastRowOfColumnDevice[e] != i { lastRowOfColumnDevice[e] = i; sums[d * k + e] += 1 }
            }
        }
        var groups: [FCGroup] = []
        for d in 0..<k { for e in 0..<k where e != d && sums[d * k + e] < inputs[d * k + e] { groups.append(FCGroup(rowDevice: d, columnDevice: e)) } }
        return FCPartition(rowOwner: p.rowOwner, columnOwner: p.columnOwner, partialSums: groups)
    }
}
