/// A sparse matrix in compressed sparse row (CSR) form, with its compressed-column (CSC) view.
///
/// Rows are the outputs of an FC layer and columns its inputs (FORMULATIONS P5: W is m × n).
/// Entries within a row are sorted by column, and duplicates in the input are summed. The CSC
/// arrays hold the same entries grouped by column, for the column-side work of co-clustering.
///
/// - Complexity: construction O(nnz log nnz); row or column access O(1) per entry.
public struct SparseMatrix: Sendable, Equatable {
    /// m, the number of rows (the layer's outputs).
    public let rows: Int
    /// n, the number of columns (the layer's inputs).
    public let columns: Int
    /// Row i's entries are `rowStart[i] ..< rowStart[i + 1]` of `columnIndex` and `values`.
    public let rowStart: [Int]
    /// CSR: the column of every stored entry, row by row.
    public let columnIndex: [Int32]
    /// CSR: the value of every stored entry.
    public let values: [Double]
    /// Column j's entries are `columnStart[j] ..< columnStart[j + 1]` of `rowIndex` and `columnValues`.
    public let columnStart: [Int]
    /// CSC: the row of every stored entry, column by column.
    public let rowIndex: [Int32]
    /// CSC: the value of every stored entry.
    public let columnValues: [Double]

    /// The number of stored entries.
    public var nonzeros: Int { values.count }

    /// Why entries do not make a matrix.
    public typealias InvalidEntry = PartitionError

    /// Builds the matrix from (row, column, value) triples (0-based); duplicates are summed, explicit zeros kept out.
    public init(rows: Int, columns: Int, entries: [(row: Int, column: Int, value: Double)]) throws(InvalidEntry) {
        guard rows >= 0, columns >= 0, rows <= Int(Int32.max), columns <= Int(Int32.max) else {
            throw InvalidEntry(reason: "dimensions \(rows) × \(columns) are out of range")
        }
        for e in entries {
            guard (0..<rows).contains(e.row), (0..<columns).contains(e.column) else {
                throw InvalidEntry(reason: "entry (\(e.row), \(e.column)) is outside the \(rows) × \(columns) matrix")
            }
            guard e.value.isFinite else { throw InvalidEntry(reason: "entry (\(e.row), \(e.column)) is not finite") }
        }
        let sorted = entries.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var rowStart = [Int](repeating: 0, count: rows + 1)
        var colIdx: [Int32] = [], vals: [Double] = []
        colIdx.reserveCapacity(sorted.count)
        vals.reserveCapacity(sorted.count)
        var lastRow = -1, lastCol = -1
        var rowsOf: [Int] = []
        for e in sorted {
            if e.row == lastRow && e.column == lastCol {
                vals[vals.count - 1] += e.value
            } else {
                colIdx.append(Int32(e.column))
                vals.append(e.value)
                rowsOf.append(e.row)
                (lastRow, lastCol) = (e.row, e.column)
            }
        }
        // Drop entries that are (or summed to) zero.
        var keep: [Int] = []
        for k in vals.indices where vals[k] != 0 { keep.append(k) }
        colIdx = keep.map { colIdx[$0] }
        let keptRows = keep.map { rowsOf[$0] }
        vals = keep.map { vals[$0] }
        for r in keptRows { rowStart[r + 1] += 1 }
        for i in 0..<rows { rowStart[i + 1] += rowStart[i] }
        self.init(checkedRows: rows, columns: columns, rowStart: rowStart, columnIndex: colIdx, values: vals)
    }

    /// Builds the matrix from CSR arrays whose rows are already sorted by column without duplicates
    /// (the generators' fast path); every index and value is checked.
    ///
    /// - Complexity: O(nnz + rows + columns).
    public init(rows: Int, columns: Int, rowStart: [Int], columnIndex: [Int32], values: [Double]) throws(InvalidEntry) {
        guard rows >= 0, columns >= 0, rows <= Int(Int32.max), columns <= Int(Int32.max) else {
            throw InvalidEntry(reason: "dimensions \(rows) × \(columns) are out of range")
        }
        guard rowStart.count == rows + 1, rowStart.first == 0, rowStart.last == columnIndex.count, columnIndex.count == values.count else {
            throw InvalidEntry(reason: "inconsistent CSR arrays")
        }
        for i in 0..<rows {
            guard rowStart[i] <= rowStart[i + 1] else { throw InvalidEntry(reason: "row \(i) has a negative length") }
            var last = -1
            for t in rowStart[i]..<rowStart[i + 1] {
                let j = Int(columnIndex[t])
                guard j > last, j < columns else { throw InvalidEntry(reason: "row \(i): column \(j) is out of order or out of range") }
                guard values[t].isFinite, values[t] != 0 else { throw InvalidEntry(reason: "entry (\(i), \(j)) is zero or not finite") }
                last = j
            }
        }
        self.init(checkedRows: rows, columns: columns, rowStart: rowStart, columnIndex: columnIndex, values: values)
    }

    /// Stores valid CSR arrays and derives the CSC view by a counting sort on the column.
    private init(checkedRows rows: Int, columns: Int, rowStart: [Int], columnIndex: [Int32], values: [Double]) {
        var columnStart = [Int](repeating: 0, count: columns + 1)
        for c in columnIndex { columnStart[Int(c) + 1] += 1 }
        for j in 0..<columns { columnStart[j + 1] += columnStart[j] }
        var fill = columnStart
        var rowIndex = [Int32](repeating: 0, count: values.count)
        var columnValues = [Double](repeating: 0, count: values.count)
        for i in 0..<rows {
            for t in rowStart[i]..<rowStart[i + 1] {
                let c = Int(columnIndex[t])
                rowIndex[fill[c]] = Int32(i)
                columnValues[fill[c]] = values[t]
                fill[c] += 1
            }
        }
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.columnIndex = columnIndex
        self.values = values
        self.columnStart = columnStart
        self.rowIndex = rowIndex
        self.columnValues = columnValues
    }

    /// The number of nonzeros in row i.
    public func rowCount(_ i: Int) -> Int { rowStart[i + 1] - rowStart[i] }

    /// The value at (i, j) (0 when absent).
    ///
    /// - Complexity: O(log of the row's entries).
    public subscript(i: Int, j: Int) -> Double {
        var lo = rowStart[i], hi = rowStart[i + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(columnIndex[mid]) < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowStart[i + 1] && Int(columnIndex[lo]) == j ? values[lo] : 0
    }

    /// Every entry as (row, column, value), row by row.
    public var entries: [(row: Int, column: Int, value: Double)] {
        (0..<rows).flatMap { i in (rowStart[i]..<rowStart[i + 1]).map { (i, Int(columnIndex[$0]), values[$0]) } }
    }

    /// y = A·x. - Complexity: O(nnz).
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == columns)
        return Self.product(start: rowStart, index: columnIndex, values: values, x: x)
    }

    /// y = Aᵀ·x. - Complexity: O(nnz).
    public func multiplyTransposed(_ x: [Double]) -> [Double] {
        precondition(x.count == rows)
        return Self.product(start: columnStart, index: rowIndex, values: columnValues, x: x)
    }

    /// y[r] = Σ values[t]·x[index[t]] over t in start[r] ..< start[r + 1]: the product of a
    /// compressed (row or column) layout with a dense vector.
    private static func product(start: [Int], index: [Int32], values: [Double], x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: start.count - 1)
        values.withUnsafeBufferPointer { v in
            index.withUnsafeBufferPointer { c in
                x.withUnsafeBufferPointer { xp in
                    start.withUnsafeBufferPointer { sp in
                        y.withUnsafeMutableBufferPointer { yp in
                            // Two accumulators hide the latency of the dependent additions.
                            for r in 0..<yp.count {
                                var s0 = 0.0, s1 = 0.0
                                var t = sp[r]
                                let end = sp[r + 1]
                                while t + 1 < end {
                                    s0 += v[t] * xp[Int(c[t])]
                                    s1 += v[t + 1] * xp[Int(c[t + 1])]
                                    t += 2
                                }
                                if t < end { s0 += v[t] * xp[Int(c[t])] }
                                yp[r] = s0 + s1
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    public static func == (a: SparseMatrix, b: SparseMatrix) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.rowStart == b.rowStart && a.columnIndex == b.columnIndex && a.values == b.values
    }
}
