import Testing
import PartitionModel
@testable import PartitionSolvers
import TestSupport

/// A random sparse matrix with about `density` of its entries set.
func randomSparse(_ m: Int, _ n: Int, density: Double, using rng: inout SeededGenerator) throws -> SparseMatrix {
    var entries: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<m { for j in 0..<n where Double.random(in: 0..<1, using: &rng) < density {
        entries.append((i, j, Double.random(in: 0.5...2, using: &rng)))
    } }
    return try SparseMatrix(rows: m, columns: n, entries: entries)
}

@Suite("P5 solvers: MSCC, FGCP, grid, the column-net MILP")
struct SparseFCTests {
    @Test func fgcpGroupsAreChargedAsTheDefinitionSays() throws {
        // Row 0 touches columns 1 and 2 of device 1: two inputs, or one partial sum.
        let w = try SparseMatrix(rows: 2, columns: 3, entries: [(0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 1, 1), (1, 2, 1)])
        let cluster = FCCluster(speeds: [1, 2], bandwidth: 8)
        let plain = FCPartition(rowOwner: [0, 1], columnOwner: [0, 1, 1])
        let r0 = FCVerifier.verify(plain, matrix: w, cluster: cluster)
        #expect(r0.communication == [2, 0] && r0.nonzeros == [3, 2])
        #expect(r0.seconds == [7, 2])
        let fgcp = FGCP.apply(plain, matrix: w, devices: 2)
        #expect(fgcp.partialSums == [FCGroup(rowDevice: 0, columnDevice: 1)])
        let r1 = FCVerifier.verify(fgcp, matrix: w, cluster: cluster)
        #expect(r1.communication == [1, 0] && r1.nonzeros == [1, 4])
        #expect(r1.seconds == [2.5, 4])
        let bad = FCVerifier.verify(FCPartition(rowOwner: [0, 1], columnOwner: [0, 1, 1], partialSums: [FCGroup(rowDevice: 1, columnDevice: 1)]),
                                    matrix: w, cluster: cluster)
        #expect(!bad.feasible)
    }

    @Test(arguments: 0..<20)
    func solverCostEqualsTheVerifierAndFGCPNeverAddsValues(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        let k = 2 + seed % 4
        let w = try randomSparse(15 + seed, 12 + 2 * seed, density: 0.2, using: &rng)
        let cluster = FCCluster(names: (0..<k).map { "d\($0)" }, speeds: (0..<k).map { _ in Double.random(in: 1...4, using: &rng) },
                                bandwidths: (0..<k).map { _ in Double.random(in: 1...4, using: &rng) })
        let p = FCPartition(rowOwner: (0..<w.rows).map { _ in Int.random(in: 0..<k, using: &rng) },
                            columnOwner: (0..<w.columns).map { _ in Int.random(in: 0..<k, using: &rng) })
        let withSums = FGCP.apply(p, matrix: w, devices: k)
        let randomGroups = FCPartition(rowOwner: p.rowOwner, columnOwner: p.columnOwner,
                                       partialSums: Array(Set((0..<4).compactMap { _ -> FCGroup? in
                                           let d = Int.random(in: 0..<k, using: &rng), e = Int.random(in: 0..<k, using: &rng)
                                           return d == e ? nil : FCGroup(rowDevice: d, columnDevice: e)
                                       })).sorted())
        for plan in [p, withSums, randomGroups] {
            let report = FCVerifier.verify(plan, matrix: w, cluster: cluster)
            #expect(report.feasible)
            let mine = FCCost.deviceSeconds(plan, matrix: w, cluster: cluster)
            #expect(zip(mine, report.seconds).allSatisfy { nearlyEqual($0, $1) })
            #expect(report.nonzeros.reduce(0, +) == w.nonzeros)
        }
        #expect(FCVerifier.verify(withSums, matrix: w, cluster: cluster).totalCommunication <= FCVerifier.verify(p, matrix: w, cluster: cluster).totalCommunication)
    }

    @Test func generatorsHitTheirTargetsAndRepeatWithTheSeed() throws {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let m1 = try SparsityGenerator.generate(rows: 400, columns: 900, pattern: .magnitude(density: 0.09), using: &a).matrix
        let m2 = try SparsityGenerator.generate(rows: 400, columns: 900, pattern: .magnitude(density: 0.09), using: &b).matrix
        #expect(m1 == m2)
        let density = Double(m1.nonzeros) / (400 * 900)
        print("magnitude: density \(density) for a target of 0.09")
        #expect(abs(density - 0.09) < 0.009)
        // Row degrees spread (row scales), unlike a uniform pattern.
        let degrees = (0..<400).map { Double(m1.rowCount($0)) }
        let mean = degrees.reduce(0, +) / 400, sd = (degrees.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 400).squareRoot()
        #expect(sd > 2 * (mean * (1 - 0.09)).squareRoot())
        #expect(m1.values.allSatisfy { $0 != 0 && $0.isFinite })
        let g = try SparsityGenerator.generate(rows: 600, columns: 800, pattern: .blocks(count: 4, density: 0.05, noise: 0.1), using: &a)
        let rows = g.plantedRows!, cols = g.plantedColumns!
        let off = g.matrix.entries.filter { rows[$0.row] != cols[$0.column] }.count
        let d2 = Double(g.matrix.nonzeros) / (600 * 800), noise = Double(off) / Double(g.matrix.nonzeros)
        print("blocks: density \(d2), off-block fraction \(noise)")
        #expect(abs(d2 - 0.05) < 0.005 && abs(noise - 0.1) < 0.02)
        #expect(Set(rows) == [0, 1, 2, 3] && rows.filter { $0 == 0 }.count == 150)
        #expect(throws: SparseMatrix.InvalidEntry.self) { try SparsityGenerator.generate(rows: 10, columns: 10, pattern: .magnitude(density: 1.5), using: &a) }
        #expect(throws: SparseMatrix.InvalidEntry.self) { try SparsityGenerator.generate(rows: 3, columns: 10, pattern: .blocks(count: 4, density: 0.5, noise: 0), using: &a) }
    }

    @Test(arguments: [(2, UInt64(1)), (3, 2), (4, 3), (4, 4), (6, 5), (8, 6)])
    func msccBalancesWorkAndBeatsTheRowSplitOnStructuredLayers(k: Int, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let g = try SparsityGenerator.generate(rows: 64 * k, columns: 96 * k, pattern: .blocks(count: k, density: 0.6 / Double(k), noise: 0.05), using: &rng)
        let w = g.matrix
        for speeds in [Array(repeating: 2e9, count: k), (0..<k).map { 1e9 * Double(1 + $0 % 3) }] {
            let cluster = FCCluster(speeds: speeds, bandwidth: 2e6)
            let p = try MSCC.partition(w, cluster: cluster, using: &rng)
            let r = FCVerifier.verify(p, matrix: w, cluster: cluster)
            let split = FCVerifier.verify(RowSplit.partition(w, cluster: cluster), matrix: w, cluster: cluster)
            let grid = FCVerifier.verify(GridSplit.partition(w, cluster: cluster), matrix: w, cluster: cluster)
            #expect(r.feasible)
            // No device exceeds its share of the work by more than one row.
            let maxRow = (0..<w.rows).map { w.rowCount($0) }.max()!
            let share = speeds.map { Double(w.nonzeros) * $0 / speeds.reduce(0, +) }
            #expect(zip(r.nonzeros, share).allSatisfy { Double($0) <= $1 + Double(maxRow) }, "\(r.nonzeros) vs \(share)")
            print("k = \(k) speeds \(speeds.map { $0 / 1e9 }): MSCC comm \(r.totalCommunication) makespan \(r.makespan); row split \(split.totalCommunication) / \(split.makespan); grid \(grid.totalCommunication) / \(grid.makespan)")
            #expect(r.totalCommunication <= split.totalCommunication)
            #expect(r.makespan <= split.makespan)
        }
    }

    @Test(arguments: 0..<12)
    func milpEqualsBruteForceOnTinyMatrices(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(100 + seed))
        let k = seed % 3 == 2 ? 3 : 2
        let (m, n) = k == 3 ? (4, 4) : (4 + seed % 2, 5)
        let w = try randomSparse(m, n, density: 0.45, using: &rng)
        let cluster = FCCluster(names: (0..<k).map { "d\($0)" }, speeds: (0..<k).map { _ in Double([1, 2, 2][Int.random(in: 0..<3, using: &rng)]) },
                                bandwidths: (0..<k).map { _ in Double([2, 4][Int.random(in: 0..<2, using: &rng)]) })
        let brute = BruteForce.fcMinimum(w, cluster: cluster)
        let result = ColumnNetMILP.solve(w, cluster: cluster)
        #expect(result.status == .optimal)
        let report = FCVerifier.verify(result.plan!, matrix: w, cluster: cluster)
        #expect(report.feasible)
        #expect(nearlyEqual(result.objective!, report.makespan))
        #expect(nearlyEqual(report.makespan, brute.value, relative: 1e-7), "MILP \(report.makespan), brute force \(brute.value)")
    }

    @Test(arguments: 0..<6)
    func milpIsNeverWorseThanTheHeuristics(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(200 + seed))
        let k = 2 + seed % 2
        let g = try SparsityGenerator.generate(rows: 14, columns: 12, pattern: .blocks(count: k, density: 0.3, noise: 0.1), using: &rng)
        let cluster = FCCluster(speeds: (0..<k).map { Double(1 + ($0 + seed) % 2) * 10 }, bandwidth: 40)
        var optimum = Double.infinity
        let problem = FCProblem(layer: "fc", matrix: g.matrix, cluster: cluster, source: "generated")
        for solver in FCProblem.solvers {
            let r = solver.solve(problem, options: SolveOptions(seed: UInt64(seed)))
            let plan = try #require(r.plan, "\(solver.name): \(r.message ?? "")")
            let report = FCVerifier.verify(plan, matrix: g.matrix, cluster: cluster)
            #expect(report.feasible)
            #expect(nearlyEqual(r.objective!, report.makespan), "\(solver.name)")
            if solver.exact {
                #expect(r.status == .optimal)
                optimum = report.makespan
            } else {
                print("seed \(seed) \(solver.name): makespan \(report.makespan), gap \((report.makespan / optimum - 1) * 100)%")
                #expect(report.makespan >= optimum * (1 - 1e-9))
            }
        }
    }

    @Test func degenerateInputsGetAnErrorOrADefinedAnswer() throws {
        var rng = SeededGenerator(seed: 3)
        let zero = try SparseMatrix(rows: 4, columns: 4, entries: [])
        let two = FCCluster(speeds: [1, 1], bandwidth: 1)
        #expect(throws: SolverInputError.self) { try MSCC.partition(zero, cluster: two, using: &rng) }
        let z = ColumnNetMILP.solve(zero, cluster: two)
        #expect(z.status == .optimal && z.objective == 0)
        // More devices than rows: MSCC refuses (not enough singular vectors), the row split leaves devices idle.
        let thin = try SparseMatrix(rows: 3, columns: 3, entries: [(0, 0, 1), (1, 1, 1), (2, 2, 1)])
        let eight = FCCluster(speeds: Array(repeating: 1, count: 8), bandwidth: 1)
        #expect(throws: SolverInputError.self) { try MSCC.partition(thin, cluster: eight, using: &rng) }
        let split = RowSplit.partition(thin, cluster: eight)
        #expect(FCVerifier.verify(split, matrix: thin, cluster: eight).feasible)
        #expect(GridSplit.shape(6) == (2, 3) && GridSplit.shape(7) == (1, 7) && GridSplit.shape(4) == (2, 2))
        // A bad cluster is an error, not a crash.
        #expect(throws: SolverInputError.self) { try MSCC.partition(thin, cluster: FCCluster(speeds: [1, -1], bandwidth: 1), using: &rng) }
        #expect(ColumnNetMILP.solve(thin, cluster: FCCluster(speeds: [1, .nan], bandwidth: 1)).status == .error)
        // Too large for the exact method: a clear refusal.
        let big = try randomSparse(300, 300, density: 0.01, using: &rng)
        let refused = ColumnNetMILP.solve(big, cluster: FCCluster(speeds: [1, 1, 1, 1], bandwidth: 1))
        #expect(refused.status == .error && refused.message!.contains("binaries"))
    }
}
