import CCBC
import PartitionModel
import Synchronization

/// Solves a ``MILPModel`` with COIN-OR CBC through its C interface (`Cbc_C_Interface.h`).
///
/// The second backend behind ``MILPSolver``: the same model, columns, rows and result type as
/// ``GLPKBackend``; chosen with `MILPOptions.backend` (`--backend cbc` on the command line).
/// Infinite bounds are CBC's ±DBL_MAX; the objective constant is added back to the objective
/// and the bound. CBC's log is silenced unless `verbose`. CBC's driver (`Cbc_solve` →
/// `CbcMain1`) keeps state in statics, so concurrent solves from several threads can stop each
/// other (seen as "status -1" under the parallel test suite): solves are serialised by one lock.
///
/// - Complexity: CBC's branch and cut.
public enum CBCBackend {
    /// Serialises every call into CBC.
    private static let lock = Mutex(())

    /// Solves `model` with `options` (time limit, deadline, relative gap; presolve and cut settings are GLPK's only).
    public static func solve(_ model: MILPModel, options: MILPOptions = MILPOptions()) -> MILPResult {
        let start = ContinuousClock.now
        var options = options
        switch options.preflight(model, start: start) {
        case .success(let checked): options = checked
        case .failure(let stop): return stop.result
        }
        return Self.lock.withLock { _ in run(model, options: options, start: start) }
    }

    /// One CBC solve of a checked model (under the lock).
    private static func run(_ model: MILPModel, options: MILPOptions, start: ContinuousClock.Instant) -> MILPResult {
        func result(_ status: SolveStatus, _ message: String?, objective: Double? = nil, bound: Double? = nil, values: [Double]? = nil,
                    nodes: Int = 0) -> MILPResult {
            MILPResult(status: status, objective: objective, bound: bound, values: values,
                       statistics: SolveStatistics(seconds: secondsSince(start), nodes: nodes), rawReturnCode: 0, rawStatus: 0, message: message)
        }
        // The deadline again: waiting for the lock counts.
        let limit = options.secondsToDeadline.map { min(options.timeLimit ?? $0, $0) } ?? options.timeLimit
        if let t = limit, t <= 0 { return result(.timeLimit, "the run's deadline passed before this model") }
        let cbc = load(model)
        defer { Cbc_deleteModel(cbc) }
        Cbc_setLogLevel(cbc, options.verbose ? 1 : 0)
        if let t = limit { Cbc_setMaximumSeconds(cbc, max(t, 0.001)) }
        Cbc_setAllowableFractionGap(cbc, options.relativeGap)
        Cbc_setParameter(cbc, "integerTolerance", "1e-9")
        Cbc_setParameter(cbc, "allowableGap", "0")
        _ = Cbc_solve(cbc)
        let nodes = Int(Cbc_getNodeCount(cbc))
        let n = model.variables.count
        var values: [Double]?, objective: Double?
        if let sol = Cbc_bestSolution(cbc) {
            values = (0..<n).map { sol[$0] }
            objective = model.objectiveValue(values!)
        }
        var bound: Double? = Cbc_getBestPossibleObjValue(cbc) + model.objectiveConstant
        if let b = bound, !b.isFinite || abs(b) >= 1e300 { bound = nil }
        if Cbc_isProvenOptimal(cbc) != 0, values != nil {
            return result(.optimal, nil, objective: objective, bound: objective, values: values, nodes: nodes)
        }
        if Cbc_isProvenInfeasible(cbc) != 0 { return result(.infeasible, "no feasible solution exists", nodes: nodes) }
        if Cbc_isSecondsLimitReached(cbc) != 0 {
            return result(.timeLimit, values == nil ? "time limit reached before a feasible solution was found" : "time limit reached; best solution attached",
                          objective: objective, bound: bound.map { b in objective.map { model.sense == .minimize ? min(b, $0) : max(b, $0) } ?? b },
                          values: values, nodes: nodes)
        }
        if values != nil, options.relativeGap > 0 {
            return result(.feasible, "stopped at the relative gap \(options.relativeGap)", objective: objective, bound: bound, values: values, nodes: nodes)
        }
        return result(.error, "CBC stopped with status \(Cbc_status(cbc)), secondary status \(Cbc_secondaryStatus(cbc))",
                      objective: objective, bound: bound, values: values, nodes: nodes)
    }

    /// The CBC model: columns with bounds, objective and integrality; rows in column-major form.
    private static func load(_ model: MILPModel) -> UnsafeMutableRawPointer {
        let cbc = Cbc_newModel()!
        let n = model.variables.count, m = model.rows.count
        let inf = Double.greatestFiniteMagnitude
        var columns = [[(row: Int32, value: Double)]](repeating: [], count: n)
        var rowLower = [Double](), rowUpper = [Double]()
        for (i, row) in model.rows.enumerated() {
            for t in model.mergedTerms(row) where t.coefficient != 0 { columns[t.variable].append((Int32(i), t.coefficient)) }
            rowLower.append(row.lower ?? -inf)
            rowUpper.append(row.upper ?? inf)
        }
        var starts: [Int32] = [0], index: [Int32] = [], value: [Double] = []
        for c in columns {
            for e in c { index.append(e.row); value.append(e.value) }
            starts.append(Int32(index.count))
        }
        let lower = model.variables.map { $0.lower ?? -inf }, upper = model.variables.map { $0.upper ?? inf }
        let objective = model.variables.map(\.objective)
        Cbc_loadProblem(cbc, Int32(n), Int32(m), starts, index, value, lower, upper, objective, rowLower, rowUpper)
        Cbc_setObjSense(cbc, model.sense == .minimize ? 1 : -1)
        for (j, v) in model.variables.enumerated() where v.kind != .continuous { Cbc_setInteger(cbc, Int32(j)) }
        return cbc
    }
}
