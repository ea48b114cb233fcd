/// A partition of a sparse FC layer across devices (FORMULATIONS P5): an owner for every output
/// row and every input column, and, optionally, FGCP's choice of exchange for off-block groups.
///
/// The off-block group (d, e) is the set of nonzeros W[i, j] with row i owned by device d and
/// column j owned by device e ≠ d. By default d receives the inputs x_j it needs from e (plain
/// P5). When (d, e) is listed in `partialSums`, e computes those products itself and sends d one
/// partial sum per row of d that has a nonzero in e's columns (MoDNN's FGCP).
public struct FCPartition: Sendable, Equatable {
    /// Device of each output row.
    public var rowOwner: [Int]
    /// Device of each input column (the device holding that input value).
    public var columnOwner: [Int]
    /// Off-block groups (row device, column device) exchanged as partial sums instead of inputs.
    public var partialSums: [FCGroup]

    /// A partition: the device of every output row and input column, and the groups sent as partial sums.
    public init(rowOwner: [Int], columnOwner: [Int], partialSums: [FCGroup] = []) {
        self.rowOwner = rowOwner
        self.columnOwner = columnOwner
        self.partialSums = partialSums
    }

    /// The same row and column owners, every group exchanged as inputs (plain P5).
    public var inputsOnly: FCPartition { FCPartition(rowOwner: rowOwner, columnOwner: columnOwner) }
}

/// An off-block group of nonzeros: rows owned by `rowDevice`, columns owned by `columnDevice`.
public struct FCGroup: Sendable, Hashable, Comparable {
    /// The device computing the group's rows.
    public var rowDevice: Int
    /// The device owning the group's columns.
    public var columnDevice: Int

    /// The off-block group of the rows of `rowDevice` and the columns owned by `columnDevice`.
    public init(rowDevice: Int, columnDevice: Int) {
        self.rowDevice = rowDevice
        self.columnDevice = columnDevice
    }

    public static func < (a: FCGroup, b: FCGroup) -> Bool { (a.rowDevice, a.columnDevice) < (b.rowDevice, b.columnDevice) }
}

/// The devices of a P5 problem: speeds, the link of each device, bytes per value.
public struct FCCluster: Sendable, Equatable {
    /// Names of the devices (for reports).
    public var names: [String]
    /// FLOP/s of each device.
    public var speeds: [Double]
    /// Bandwidth of each device's link, bytes/s (FORMULATIONS P5 has one shared b; a per-device
    /// link generalises it and equals it when all are the same).
    public var bandwidths: [Double]
    /// Bytes per transferred value (4 for float32).
    public var bytesPerValue: Double

    /// Devices with one shared link of `bandwidth` bytes/s.
    public init(speeds: [Double], bandwidth: Double, bytesPerValue: Double = 4) {
        self.init(names: speeds.indices.map { "d\($0)" }, speeds: speeds, bandwidths: speeds.map { _ in bandwidth }, bytesPerValue: bytesPerValue)
    }

    /// A cluster with named devices, their fc speeds (FLOP/s), their bandwidths (bytes/s) and the bytes of one value sent.
    public init(names: [String], speeds: [Double], bandwidths: [Double], bytesPerValue: Double = 4) {
        self.names = names
        self.speeds = speeds
        self.bandwidths = bandwidths
        self.bytesPerValue = bytesPerValue
    }

    /// The devices of a P4/P5 cluster: each device's FC FLOP/s and its link's bandwidth.
    public init(_ cluster: [ClusterDevice], bytesPerValue: Double = 4) {
        self.init(names: cluster.map(\.name), speeds: cluster.map { $0.device.flopsPerSecond(for: .fc) }, bandwidths: cluster.map(\.bandwidth),
                  bytesPerValue: bytesPerValue)
    }

    /// The number of devices.
    public var count: Int { speeds.count }

    /// Why a cluster cannot be used: nil when every speed and bandwidth is finite and > 0.
    public var problem: String? {
        if speeds.isEmpty { return "the cluster has no device" }
        if speeds.count != bandwidths.count || names.count != speeds.count { return "names, speeds and bandwidths differ in length" }
        if let d = speeds.firstIndex(where: { !($0.isFinite && $0 > 0) }) { return "device \(d): speed must be a finite FLOP/s > 0, found \(speeds[d])" }
        if let d = bandwidths.firstIndex(where: { !($0.isFinite && $0 > 0) }) { return "device \(d): bandwidth must be a finite byte/s > 0, found \(bandwidths[d])" }
        if !(bytesPerValue.isFinite && bytesPerValue > 0) { return "bytes per value must be finite and > 0" }
        return nil
    }
}

/// What an FC partition costs, recomputed from FORMULATIONS P5 (with FGCP's exchanges).
public struct FCReport: Sendable {
    /// Every broken constraint, in words (empty when feasible).
    public let violations: [Violation]
    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
    /// Values device d receives: inputs it needs from other devices, plus partial sums sent to it.
    public let communication: [Int]
    /// Σ_d comm_d, values.
    public var totalCommunication: Int { communication.reduce(0, +) }
    /// Nonzeros whose products device d computes (its rows' nonzeros, minus groups it gets as
    /// partial sums, plus groups it computes for others).
    public let nonzeros: [Int]
    /// T_d = 2·nnz_d / c_d + β·comm_d / b_d, seconds.
    public let seconds: [Double]
    /// max_d T_d, seconds.
    public var makespan: Double { seconds.max() ?? 0 }
    /// Rows and columns owned by each device.
    public let rowCounts: [Int]
    /// Input columns owned by each device.
    public let columnCounts: [Int]
}

/// The judge of P5 partitions, independent of every solver.
///
/// For each off-block group (d, e): I = distinct columns of e needed by rows of d, P = distinct
/// rows of d with a nonzero in e's columns, N = its nonzeros. Exchanged as inputs, d receives I
/// values and computes N products; as partial sums, e computes the N products and d receives P
/// values. Without partial sums this is exactly comm_d = #{ j : owner(j) ≠ d, W[i, j] ≠ 0 for a
/// row i of d }.
///
/// - Complexity: O(nnz + (m + n)·k + k²) time, O(k·(m + n)) memory.
public enum FCVerifier {
    /// Checks `p` against `w` and `cluster` and recomputes communication, device times and the makespan.
    ///
    /// - Complexity: O(nnz + (m + n)·k).
    public static func verify(_ p: FCPartition, matrix w: SparseMatrix, cluster: FCCluster) -> FCReport {
        let k = cluster.speeds.count
        var violations: [Violation] = []
        if let why = cluster.problem { violations.append(Violation(kind: "cluster", message: why)) }
        if p.rowOwner.count != w.rows { violations.append(Violation(kind: "wrong-size", message: "the partition places \(p.rowOwner.count) rows, the matrix has \(w.rows)")) }
        if p.columnOwner.count != w.columns { violations.append(Violation(kind: "wrong-size", message: "the partition places \(p.columnOwner.count) columns, the matrix has \(w.columns)")) }
        if let bad = p.rowOwner.firstIndex(where: { !(0..<k).contains($0) }) { violations.append(Violation(kind: "unknown-device", message: "row \(bad) is owned by device \(p.rowOwner[bad]) of \(k)")) }
        if let bad = p.columnOwner.firstIndex(where: { !(0..<k).contains($0) }) { violations.append(Violation(kind: "unknown-device", message: "column \(bad) is owned by device \(p.columnOwner[bad]) of \(k)")) }
        for g in p.partialSums {
            if !(0..<k).contains(g.rowDevice) || !(0..<k).contains(g.columnDevice) || g.rowDevice == g.columnDevice {
                violations.append(Violation(kind: "partial-sums", message: "partial-sum group (\(g.rowDevice), \(g.columnDevice)) is not a pair of distinct devices of \(k)"))
            }
        }
        if Set(p.partialSums).count != p.partialSums.count { violations.append(Violation(kind: "partial-sums", message: "a partial-sum group is listed twice")) }
        guard violations.isEmpty else {
            return FCReport(violations: violations, communication: [], nonzeros: [], seconds: [], rowCounts: [], columnCounts: [])
        }
        var partial = [[Bool]](repeating: [Bool](repeating: false, count: k), count: k)
        for g in p.partialSums { partial[g.rowDevice][g.columnDevice] = true }
        // Distinct columns per (d, e): mark column j as seen by row device d.
        var inputs = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var sums = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var products = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var columnMark = [[Bool]](repeating: [], count: k)
        for d in 0..<k { columnMark[d] = [Bool](repeating: false, count: w.columns) }
        var rowSeen = [Int](repeating: -1, count: k)
        for i in 0..<w.rows {
            let d = p.rowOwner[i]
            for e in 0..<k { rowSeen[e] = -1 }
            for t in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = Int(w.columnIndex[t]), e = p.columnOwner[j]
                products[d][e] += 1
                if e == d { continue }
                if !columnMark[d][j] { columnMark[d][j] = true; inputs[d][e] += 1 }
                if rowSeen[e] != i { rowSeen[e] = i; sums[d][e] += 1 }
            }
        }
        var comm = [Int](repeating: 0, count: k), nnz = [Int](repeating: 0, count: k)
        for d in 0..<k {
            for e in 0..<k {
                if e == d { nnz[d] += products[d][d]; continue }
                if partial[d][e] {
                    comm[d] += sums[d][e]
                    nnz[e] += products[d][e]
                } else {
                    comm[d] += inputs[d][e]
                    nnz[d] += products[d][e]
                }
            }
        }
        let seconds = (0..<k).map { 2 * Double(nnz[$0]) / cluster.speeds[$0] + cluster.bytesPerValue * Double(comm[$0]) / cluster.bandwidths[$0] }
        var rows = [Int](repeating: 0, count: k), cols = [Int](repeating: 0, count: k)
        for d in p.rowOwner { rows[d] += 1 }
        for d in p.columnOwner { cols[d] += 1 }
        return FCReport(violations: [], communication: comm, nonzeros: nnz, seconds: seconds, rowCounts: rows, columnCounts: cols)
    }
}
