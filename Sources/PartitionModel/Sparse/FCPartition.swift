/// A partition of a sparse FC layer across devices (FORMULATIONS P5): an owner for every output
/// row and every input column.
public struct FCPartition: Sendable, Equatable {
    public var rowOwner: [Int]
    public var columnOwner: [Int]

    public init(rowOwner: [Int], columnOwner: [Int]) {
        self.rowOwner = rowOwner
        self.columnOwner = columnOwner
    }
}

/// The devices of a P5 problem: speeds, one shared link, bytes per value.
public struct FCCluster: Sendable {
    /// FLOP/s of each device.
    public var speeds: [Double]
    /// Link bandwidth, bytes/s.
    public var bandwidth: Double
    /// Bytes per transferred value (4 for float32).
    public var bytesPerValue: Double

    public init(speeds: [Double], bandwidth: Double, bytesPerValue: Double = 4) {
        self.speeds = speeds
        self.bandwidth = bandwidth
        self.bytesPerValue = bytesPerValue
    }
}

/// What an FC partition costs, recomputed from FORMULATIONS P5.
public struct FCReport: Sendable {
    public let violations: [String]
    public var feasible: Bool { violations.isEmpty }
    /// Input values device d needs from other devices.
    public let communication: [Int]
    public var totalCommunication: Int { communication.reduce(0, +) }
    /// Nonzeros in device d's rows.
    public let nonzeros: [Int]
    /// T_d = 2·nnz_d / c_d + β·comm_d / b.
    public let seconds: [Double]
    public var makespan: Double { seconds.max() ?? 0 }
}

/// The judge of P5 partitions.
///
/// comm_d = #{ j : owner(j) ≠ d and W[i, j] ≠ 0 for some row i of d }.
///
/// - Complexity: O(nnz + n·k).
public enum FCVerifier {
    public static func verify(_ p: FCPartition, matrix w: SparseMatrix, cluster: FCCluster) -> FCReport {
        let k = cluster.speeds.count
        var violations: [String] = []
        if p.rowOwner.count != w.rows { violations.append("the partition places \(p.rowOwner.count) rows, the matrix has \(w.rows)") }
        if p.columnOwner.count != w.columns { violations.append("the partition places \(p.columnOwner.count) columns, the matrix has \(w.columns)") }
        if let bad = p.rowOwner.firstIndex(where: { !(0..<k).contains($0) }) { violations.append("row \(bad) is owned by device \(p.rowOwner[bad]) of \(k)") }
        if let bad = p.columnOwner.firstIndex(where: { !(0..<k).contains($0) }) { violations.append("column \(bad) is owned by device \(p.columnOwner[bad]) of \(k)") }
        guard violations.isEmpty else {
            return FCReport(violations: violations, communication: [], nonzeros: [], seconds: [])
        }
        var needs = [Set<Int>](repeating: [], count: k)
        var nnz = [Int](repeating: 0, count: k)
        for i in 0..<w.rows {
            let d = p.rowOwner[i]
            for t in w.rowStart[i]..<w.rowStart[i + 1] {
                nnz[d] += 1
                let j = Int(w.columnIndex[t])
                if p.columnOwner[j] != d { needs[d].insert(j) }
            }
        }
        let comm = needs.map(\.count)
        let seconds = (0..<k).map { 2 * Double(nnz[$0]) / cluster.speeds[$0] + cluster.bytesPerValue * Double(comm[$0]) / cluster.bandwidth }
        return FCReport(violations: [], communication: comm, nonzeros: nnz, seconds: seconds)
    }
}
