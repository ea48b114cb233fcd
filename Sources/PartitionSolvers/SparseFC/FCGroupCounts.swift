import PartitionModel

/// The sizes of every off-block group of a P5 partition, counted once for FGCP and the cost.
///
/// For rows owned by d and columns owned by e: `inputs` distinct columns (the I of FGCP),
/// `sums` distinct rows (P) and `products` nonzeros (N), stored at index d·k + e (the diagonal
/// holds each device's own block: products only).
///
/// - Complexity: O(nnz + m·k) time, O(k·n + k²) memory.
struct FCGroupCounts {
    let devices: Int
    private(set) var inputs: [Int]
    private(set) var sums: [Int]
    private(set) var products: [Int]

    init(_ p: FCPartition, matrix w: SparseMatrix, devices k: Int) {
        devices = k
        inputs = [Int](repeating: 0, count: k * k)
        sums = inputs
        products = inputs
        var needed = [Bool](repeating: false, count: k * w.columns)  // (d, j): d already needs x_j
        var lastRow = [Int](repeating: -1, count: k)                 // e: last row of d seen touching e's columns
        for i in 0..<w.rows {
            let d = p.rowOwner[i]
            for t in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = Int(w.columnIndex[t]), e = p.columnOwner[j]
                products[d * k + e] += 1
                guard e != d else { continue }
                if !needed[d * w.columns + j] { needed[d * w.columns + j] = true; inputs[d * k + e] += 1 }
                if lastRow[e] != i { lastRow[e] = i; sums[d * k + e] += 1 }
            }
        }
    }
}
