import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

/// Adjusted Rand index of two labellings (1 = identical up to renaming).
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var table: [[Int]: Int] = [:], ra: [Int: Int] = [:], rb: [Int: Int] = [:]
    for (x, y) in zip(a, b) { table[[x, y], default: 0] += 1; ra[x, default: 0] += 1; rb[y, default: 0] += 1 }
    func c2(_ n: Int) -> Double { Double(n * (n - 1)) / 2 }
    let index = table.values.reduce(0.0) { $0 + c2($1) }
    let sa = ra.values.reduce(0.0) { $0 + c2($1) }, sb = rb.values.reduce(0.0) { $0 + c2($1) }
    let expected = sa * sb / c2(a.count), maxIndex = (sa + sb) / 2
    return maxIndex == expected ? 1 : (index - expected) / (maxIndex - expected)
}

@Suite("P5 sparse FC partition")
struct CoclusteringTests {
    @Test func verifierCountsCommunicationFromTheDefinition() throws {
        // W = [[1, 0, 2], [0, 3, 4]]; rows → devices 0, 1; columns → 0, 1, 1.
        let w = try SparseMatrix(rows: 2, columns: 3, entries: [(0, 0, 1), (0, 2, 2), (1, 1, 3), (1, 2, 4)])
        let r = FCVerifier.verify(FCPartition(rowOwner: [0, 1], columnOwner: [0, 1, 1]), matrix: w, cluster: FCCluster(speeds: [1, 2], bandwidth: 8))
        #expect(r.communication == [1, 0])         // device 0 needs column 2 from device 1
        #expect(r.nonzeros == [2, 2])
        let expected: [Double] = [4.0 + 0.5, 2.0]  // 2·nnz/c + β·comm/b with β = 4 bytes, b = 8 B/s
        #expect(r.seconds == expected)
        #expect(r.makespan == 4.5)
        let bad = FCVerifier.verify(FCPartition(rowOwner: [0], columnOwner: [0, 5, 1]), matrix: w, cluster: FCCluster(speeds: [1, 2], bandwidth: 8))
        #expect(bad.violations.count == 2)
    }

    @Test(arguments: [(2, UInt64(1)), (3, 2), (4, 3), (5, 4), (8, 5)])
    func plantedBlocksAreRecoveredExactly(k: Int, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let (m, n) = (24 * k, 16 * k)
        let rowPerm = Array(0..<m).shuffled(using: &rng), colPerm = Array(0..<n).shuffled(using: &rng)
        var entries: [(row: Int, column: Int, value: Double)] = []
        for i in 0..<m { for j in 0..<n where i / 24 == j / 16 && Double.random(in: 0..<1, using: &rng) < 0.5 {
            entries.append((rowPerm[i], colPerm[j], Double.random(in: 0.1...1, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)))
        } }
        let w = try SparseMatrix(rows: m, columns: n, entries: entries)
        var plantedRows = [Int](repeating: 0, count: m), plantedCols = [Int](repeating: 0, count: n)
        for i in 0..<m { plantedRows[rowPerm[i]] = i / 24 }
        for j in 0..<n { plantedCols[colPerm[j]] = j / 16 }
        let cluster = FCCluster(speeds: Array(repeating: 1e9, count: k), bandwidth: 1e6)
        let p = try SpectralCoclustering.partition(w, groups: k, using: &rng)
        let report = FCVerifier.verify(p, matrix: w, cluster: cluster)
        #expect(report.feasible)
        #expect(report.totalCommunication == 0, "k = \(k): communication \(report.communication)")
        #expect(adjustedRandIndex(p.rowOwner, plantedRows) == 1)
        #expect(adjustedRandIndex(p.columnOwner, plantedCols) == 1)
        let split = FCVerifier.verify(RowSplit.partition(w, cluster: cluster), matrix: w, cluster: cluster)
        print("k = \(k): co-clustering communicates \(report.totalCommunication) values, the row split \(split.totalCommunication)")
        #expect(split.totalCommunication > 0)
    }

    @Test func degenerateInputsGetAnErrorOrADefinedAnswer() throws {
        var rng = SeededGenerator(seed: 1)
        let zero = try SparseMatrix(rows: 3, columns: 3, entries: [])
        #expect(throws: SolverInputError.self) { try SpectralCoclustering.partition(zero, groups: 2, using: &rng) }
        let small = try SparseMatrix(rows: 2, columns: 5, entries: [(0, 0, 1), (1, 4, 1)])
        #expect(throws: SolverInputError.self) { try SpectralCoclustering.partition(small, groups: 8, using: &rng) }
        // An empty row and an empty column are placed, not dropped.
        let w = try SparseMatrix(rows: 5, columns: 5, entries: [(0, 0, 1), (1, 1, 1), (0, 1, 0.1), (3, 3, 1), (4, 4, 1), (3, 4, 0.1)])
        let p = try SpectralCoclustering.partition(w, groups: 2, using: &rng)
        #expect(p.rowOwner.count == 5 && p.columnOwner.count == 5)
        #expect(FCVerifier.verify(p, matrix: w, cluster: FCCluster(speeds: [1, 1], bandwidth: 1)).feasible)
    }
}
