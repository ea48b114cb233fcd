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
        let built = ColumnNetModel(w, cluster: cluster, usedColumns: usedColumns, scale: 1000 / upper)
        let (model, a, o, scale) = (built.model, built.a.map { $0.map(\.index) }, built.o.map { $0.map(\.index) }, built.scale)
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
        let result = MILPSolver.solve(built.model, options: options)
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

/// The column-net model, built one constraint family at a time (variables in model units where
/// the incumbent's makespan is 1000).
struct ColumnNetModel {
    private(set) var model = MILPModel(name: "P5_column_net", sense: .minimize)
    /// a[i][d]: row i runs on device d.
    private(set) var a: [[Var]] = []
    /// o[j][d]: column j's input is owned by device d (used columns only).
    private(set) var o: [[Var]]
    /// x[j][d]: device d receives column j's input (used columns only).
    private var x: [[Var]]
    /// The makespan.
    private var t = Var(0)
    let scale: Double
    private let w: SparseMatrix, cluster: FCCluster, usedColumns: [Int]

    init(_ w: SparseMatrix, cluster: FCCluster, usedColumns: [Int], scale: Double) {
        (self.w, self.cluster, self.usedColumns, self.scale) = (w, cluster, usedColumns, scale)
        let k = cluster.count
        var m = MILPModel(name: "P5_column_net", sense: .minimize)
        a = (0..<w.rows).map { i in (0..<k).map { m.variable("a_\(i)_\($0)", kind: .binary) } }
        var o = [[Var]](repeating: [], count: w.columns), x = [[Var]](repeating: [], count: w.columns)
        for j in usedColumns {
            o[j] = (0..<k).map { m.variable("o_\(j)_\($0)", kind: .binary) }
            x[j] = (0..<k).map { m.variable("x_\(j)_\($0)", lower: 0, upper: 1) }
        }
        t = m.variable("T", lower: 0, upper: 1000 * (1 + 1e-9))
        (model, self.o, self.x) = (m, o, x)
        assignRows()
        ownColumns()
        receiveInputs()
        makespan()
        breakSymmetry()
        model.setObjective(LinearExpr(t))
    }

    /// Σ_d a[i][d] = 1: every row runs on one device.
    private mutating func assignRows() {
        for i in a.indices { model.add("row_\(i)", LinearExpr.sum(a[i].map { ($0, 1) }) == 1) }
    }

    /// Σ_d o[j][d] = 1: every used column's input has one owner.
    private mutating func ownColumns() {
        for j in usedColumns { model.add("own_\(j)", LinearExpr.sum(o[j].map { ($0, 1) }) == 1) }
    }

    /// x[j][d] ≥ a[i][d] − o[j][d] for every nonzero (i, j): d needs input j unless it owns it.
    private mutating func receiveInputs() {
        for j in usedColumns {
            for s in w.columnStart[j]..<w.columnStart[j + 1] {
                let i = Int(w.rowIndex[s])
                for d in 0..<cluster.count { model.add("need_\(i)_\(j)_\(d)", x[j][d] - a[i][d] + o[j][d] >= 0) }
            }
        }
    }

    /// T ≥ compute(d) + received(d): two FLOPs per nonzero of d's rows at d's speed, each received value over d's link.
    private mutating func makespan() {
        for d in 0..<cluster.count {
            let compute = LinearExpr.sum((0..<w.rows).filter { w.rowCount($0) > 0 }.map { i in
                (a[i][d], scale * 2 * Double(w.rowCount(i)) / cluster.speeds[d])
            })
            let perValue = scale * cluster.bytesPerValue / cluster.bandwidths[d]
            let received = LinearExpr.sum(usedColumns.map { (x[$0][d], perValue) })
            model.add("makespan_\(d)", t >= compute + received)
        }
    }

    /// Interchangeable devices (same speed and bandwidth) are used in order of first appearance:
    /// the p-th device of a class cannot take any of the first p rows.
    private mutating func breakSymmetry() {
        var classes: [[Int]] = []
        for d in 0..<cluster.count {
            if let c = classes.firstIndex(where: { cluster.speeds[$0[0]] == cluster.speeds[d] && cluster.bandwidths[$0[0]] == cluster.bandwidths[d] }) {
                classes[c].append(d)
            } else {
                classes.append([d])
            }
        }
        for members in classes {
            for (position, d) in members.enumerated() where position > 0 {
                for i in 0..<min(position, w.rows) { model.fix(a[i][d].index, to: 0) }
            }
        }
    }
}
