import PartitionModel

/// The exact P5 partition of a small sparse FC layer: the column-net hypergraph MILP, solved with GLPK.
///
/// Variables: a_{i,d} ∈ {0,1} (row i on device d), o_{j,d} ∈ {0,1} (device d owns input j),
/// x_{j,d} ≥ 0 (d must receive x_j) and the makespan T. Constraints (FORMULATIONS P5):
///
///     Σ_d a_{i,d} = 1,  Σ_d o_{j,d} = 1
///     x_{j,d} ≥ a_{i,d} − o_{j,d}          for every nonzero (i, j) and device d
///     T ≥ 2·Σ_i nnz_i·a_{i,d} / c_d + β·Σ_j x_{j,d} / b_d   for every device d
///     minimise T
///
/// (the column-net form "b_{j,d} ≥ a_{i,d}" with the owner's own copy subtracted). Devices with
/// equal speed and bandwidth are interchangeable, so within each such class the t-th device may
/// not take row i < t (relabel the class by first use: the solution set keeps an optimum). An
/// incumbent (MSCC or the row split) bounds T from above. Times enter scaled so the incumbent's
/// makespan is 1000. Empty columns are owned by device 0 outside the model.
///
/// The objective is the plain P5 makespan (inputs only, no FGCP); FGCP can be applied to the
/// optimum afterwards.
///
/// - Complexity: (m + n)·k binaries and nnz·k + m + n + k rows; branch-and-cut is exponential in
///   the worst case, so models above `maxBinaries` are refused.
public enum ColumnNetMILP {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "milp"
    /// Largest model accepted by default: (rows + nonempty columns) · devices binaries.
    public static let defaultMaxBinaries = 1200

    /// The model of one P5 instance: the variables the solution is read from, the scale and the incumbent.
    public struct Model {
        /// The MILP (also what `--write-lp` writes).
        public let model: MILPModel
        /// a[i][d]: row i on device d; o[j][d]: column j owned by d (used columns only).
        let a: [[Int]], o: [[Int]], usedColumns: [Int]
        /// Model units per second, and the incumbent and its makespan in seconds.
        let scale: Double, incumbent: FCPartition, upper: Double
    }

    /// The column-net model for `w` on `cluster`, scaled to `incumbent` (default: the row split);
    /// nil when the matrix has no nonzero (nothing to compute). Throws when it would exceed `maxBinaries`.
    public static func model(_ w: SparseMatrix, cluster: FCCluster, incumbent: FCPartition? = nil,
                             maxBinaries: Int = defaultMaxBinaries) throws(SolverInputError) -> Model? {
        let k = cluster.count, m = w.rows, n = w.columns
        if let why = cluster.problem { throw SolverInputError(why) }
        guard m >= 1, n >= 1 else { throw SolverInputError("the matrix is empty") }
        let usedColumns = (0..<n).filter { w.columnStart[$0 + 1] > w.columnStart[$0] }
        let binaries = (m + usedColumns.count) * k
        guard binaries <= maxBinaries else {
            throw SolverInputError("the exact MILP would have \(binaries) binaries (\(m) rows + \(usedColumns.count) columns × \(k) devices), above the limit of \(maxBinaries); use mscc or a smaller matrix")
        }
        let start0 = (incumbent ?? RowSplit.partition(w, cluster: cluster)).inputsOnly
        let upper = FCCost.makespan(start0, matrix: w, cluster: cluster)
        guard upper > 0 else { return nil }
        let scale = 1000 / upper
        var model = MILPModel(name: "P5_column_net", sense: .minimize)
        let a = (0..<m).map { i in (0..<k).map { model.addVariable("a_\(i)_\($0)", kind: .binary) } }
        var o = [[Int]](repeating: [], count: n), x = [[Int]](repeating: [], count: n)
        for j in usedColumns {
            o[j] = (0..<k).map { model.addVariable("o_\(j)_\($0)", kind: .binary) }
            x[j] = (0..<k).map { model.addVariable("x_\(j)_\($0)", lower: 0, upper: 1) }
        }
        let t = model.addVariable("T", lower: 0, upper: 1000 * (1 + 1e-9), objective: 1)
        for i in 0..<m { model.addRow("row_\(i)", a[i].map { ($0, 1.0) }, lower: 1, upper: 1) }
        for j in usedColumns { model.addRow("own_\(j)", o[j].map { ($0, 1.0) }, lower: 1, upper: 1) }
        for j in usedColumns {
            var rowsOfColumn: [Int] = []
            for s in w.columnStart[j]..<w.columnStart[j + 1] { rowsOfColumn.append(Int(w.rowIndex[s])) }
            for i in rowsOfColumn {
                for d in 0..<k { model.addRow("need_\(i)_\(j)_\(d)", [(x[j][d], 1), (a[i][d], -1), (o[j][d], 1)], lower: 0) }
            }
        }
        for d in 0..<k {
            var terms: [(Int, Double)] = [(t, 1)]
            for i in 0..<m where w.rowCount(i) > 0 { terms.append((a[i][d], -scale * 2 * Double(w.rowCount(i)) / cluster.speeds[d])) }
            let perValue = scale * cluster.bytesPerValue / cluster.bandwidths[d]
            for j in usedColumns { terms.append((x[j][d], -perValue)) }
            model.addRow("makespan_\(d)", terms, lower: 0)
        }
        // Symmetry: interchangeable devices are used in order of first appearance.
        var classes: [[Int]] = []
        for d in 0..<k {
            if let c = classes.firstIndex(where: { cluster.speeds[$0[0]] == cluster.speeds[d] && cluster.bandwidths[$0[0]] == cluster.bandwidths[d] }) {
                classes[c].append(d)
            } else {
                classes.append([d])
            }
        }
        for members in classes {
            for (position, d) in members.enumerated() where position > 0 {
                for i in 0..<min(position, m) { model.fix(a[i][d], to: 0) }
            }
        }
        return Model(model: model, a: a, o: o, usedColumns: usedColumns, scale: scale, incumbent: start0, upper: upper)
    }

    /// The optimal P5 partition of `w` on `cluster`, starting from `incumbent` when given; refuses models above the binary limit.
    public static func solve(_ w: SparseMatrix, cluster: FCCluster, incumbent: FCPartition? = nil, options: MILPOptions = MILPOptions(),
                             maxBinaries: Int = defaultMaxBinaries) -> SolveResult<FCPartition> {
        let start = ContinuousClock.now
        let built: Model?
        do { built = try model(w, cluster: cluster, incumbent: incumbent, maxBinaries: maxBinaries) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(seconds: secondsSince(start)),
                               message: error.reason)
        }
        guard let built else {
            let plan = (incumbent ?? RowSplit.partition(w, cluster: cluster)).inputsOnly
            return SolveResult(solver: name, status: .optimal, plan: plan, objective: 0, bound: 0,
                               statistics: SolveStatistics(seconds: secondsSince(start)), message: "the matrix has no nonzero: nothing to compute")
        }
        let k = cluster.count, m = w.rows, n = w.columns
        let result = GLPKBackend.solve(built.model, options: options)
        var stats = result.statistics
        stats.seconds = secondsSince(start)
        guard let values = result.values else {
            if result.status == .timeLimit || result.status == .feasible {
                return SolveResult(solver: name, status: .timeLimit, plan: built.incumbent, objective: built.upper,
                                   bound: result.bound.map { $0 / built.scale }, statistics: stats, message: "time limit: the incumbent is returned")
            }
            return SolveResult(solver: name, status: result.status, plan: nil, objective: nil, statistics: stats, message: result.message)
        }
        let rowOwner = (0..<m).map { i in (0..<k).max { values[built.a[i][$0]] < values[built.a[i][$1]] }! }
        var columnOwner = [Int](repeating: 0, count: n)
        for j in built.usedColumns { columnOwner[j] = (0..<k).max { values[built.o[j][$0]] < values[built.o[j][$1]] }! }
        var plan = FCPartition(rowOwner: rowOwner, columnOwner: columnOwner)
        var objective = FCCost.makespan(plan, matrix: w, cluster: cluster)
        if objective > built.upper { (plan, objective) = (built.incumbent, built.upper) }
        let status: SolveStatus = result.status == .optimal ? .optimal : (result.status == .timeLimit ? .timeLimit : .feasible)
        return SolveResult(solver: name, status: status, plan: plan, objective: objective,
                           bound: result.bound.map { min($0 / built.scale, objective) }, statistics: stats, message: result.message)
    }
}
