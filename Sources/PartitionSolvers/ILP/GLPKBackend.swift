import CGLPK
import CGLPKGuard
import PartitionModel
#if canImport(Glibc)
import Glibc
#endif

/// Solves ``MILPModel``s with GLPK's branch-and-cut (`glp_intopt`) and writes them as CPLEX LP files.
///
/// Each solve creates, solves, reads and deletes one GLPK problem inside one
/// synchronous call: GLPK keeps per-thread state, so a problem must never
/// cross threads (no `await` in between). The model is validated in Swift
/// first, because GLPK aborts the process on any bad argument; the solve
/// itself runs under ``CGLPKGuard``, so an internal GLPK failure (an
/// assertion on a numerically hard model) becomes `.error` with GLPK's
/// message instead of killing the process. GLPK's terminal output never
/// reaches stdout.
///
/// Status mapping: return code 0 with `GLP_OPT` → optimal;
/// `GLP_FEAS` or `GLP_EMIPGAP` → feasible (with the best bound);
/// `GLP_ETMLIM` → time limit (with or without a solution); `GLP_ENOPFS` or
/// `GLP_NOFEAS` → infeasible; anything else → error with GLPK's codes.
///
/// - Complexity: branch-and-cut, exponential in the worst case; the
///   statistics report nodes and simplex iterations.
public enum GLPKBackend {
    /// Solves `model`.
    public static func solve(_ model: MILPModel, options: MILPOptions = MILPOptions()) -> MILPResult {
        let start = ContinuousClock.now
        func failure(_ message: String, code: Int32 = 0, status: Int32 = 0) -> MILPResult {
            MILPResult(status: .error, objective: nil, bound: nil, values: nil,
                       statistics: SolveStatistics(seconds: secondsSince(start)), rawReturnCode: code, rawStatus: status, message: message)
        }
        var options = options
        switch options.preflight(model, start: start) {
        case .success(let checked): options = checked
        case .failure(let stop): return stop.result
        }

        _ = glp_term_out(options.verbose ? GLP_ON : GLP_OFF)
        let prob = load(model)
        var outcome = dnn_glp_outcome()
        // After an internal GLPK failure the guard has freed the environment, and `prob` with it.
        defer { if outcome.failed == 0 { glp_delete_prob(prob) } }
        func internalFailure() -> MILPResult {
            let said = guardText(&outcome).split(whereSeparator: \.isNewline).joined(separator: "; ")
            // GLPK's pseudo-cost branching asserts on some degenerate models: retry once with its default rule.
            if options.pseudoCostBranching {
                var retry = options
                retry.pseudoCostBranching = false
                if let t = options.timeLimit { retry.timeLimit = max(0, t - secondsSince(start)) }
                var r = solve(model, options: retry)
                r.message = [r.message, "GLPK failed with pseudo-cost branching (\(said)); solved again with its default branching"]
                    .compactMap { $0 }.joined(separator: "; ")
                return r
            }
            // GLPK's MIP presolver fails ("glp_add_cols: ncs = 0") when it fixes every column: retry once without it.
            if options.presolve {
                var retry = options
                retry.presolve = false
                if let t = options.timeLimit { retry.timeLimit = max(0, t - secondsSince(start)) }
                var r = solve(model, options: retry)
                r.message = [r.message, "GLPK's presolver failed (\(said)); solved again without it"].compactMap { $0 }.joined(separator: "; ")
                return r
            }
            return failure("GLPK failed internally: " + said, code: -1)
        }
        glp_scale_prob(prob, GLP_SF_AUTO)

        if !options.presolve {
            // Without the MIP presolver, glp_intopt needs an optimal LP relaxation first.
            var smcp = glp_smcp()
            glp_init_smcp(&smcp)
            smcp.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
            if let t = options.timeLimit { smcp.tm_lim = Int32(min(t * 1000, Double(Int32.max))) }
            let r = dnn_glp_guarded_simplex(prob, &smcp, &outcome)
            if outcome.failed != 0 { return internalFailure() }
            let s = glp_get_status(prob)
            if s == GLP_NOFEAS {
                return MILPResult(status: .infeasible, objective: nil, bound: nil, values: nil,
                                  statistics: SolveStatistics(seconds: secondsSince(start), iterations: Int(glp_get_it_cnt(prob))),
                                  rawReturnCode: r, rawStatus: s, message: "the LP relaxation is infeasible")
            }
            if r == GLP_ETMLIM {
                return MILPResult(status: .timeLimit, objective: nil, bound: nil, values: nil,
                                  statistics: SolveStatistics(seconds: secondsSince(start), iterations: Int(glp_get_it_cnt(prob))),
                                  rawReturnCode: r, rawStatus: s, message: "time limit reached in the LP relaxation")
            }
            if r != 0 || s != GLP_OPT {
                return failure("the LP relaxation was not solved (glp_simplex \(r), status \(s))", code: r, status: s)
            }
        }

        let trace = SearchTrace(progress: options.progress.prefixed(model.name))
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        parm.presolve = options.presolve ? GLP_ON : GLP_OFF
        if options.cuts {
            parm.gmi_cuts = GLP_ON
            parm.mir_cuts = GLP_ON
            parm.cov_cuts = GLP_ON
            parm.clq_cuts = GLP_ON
        }
        if options.pseudoCostBranching { parm.br_tech = GLP_BR_PCH }
        if let t = options.timeLimit { parm.tm_lim = Int32(min(t * 1000, Double(Int32.max))) }
        parm.mip_gap = options.relativeGap
        // GLPK prunes a node unless its bound beats the incumbent by tol_obj (relative, 1e-7 by
        // default) and calls 1e-5 from an integer integral: both let it call a plan 1e-7…1e-5 worse
        // than the optimum "optimal". Tightened so a proof holds to about 1e-9.
        parm.tol_obj = 1e-11
        parm.tol_int = 1e-9
        parm.cb_func = searchCallback
        parm.cb_info = Unmanaged.passUnretained(trace).toOpaque()
        let ret = withExtendedLifetime(trace) { dnn_glp_guarded_intopt(prob, &parm, &outcome) }
        if outcome.failed != 0 { return internalFailure() }
        let mipStatus = glp_mip_status(prob)

        var values: [Double]?
        var objective: Double?
        if mipStatus == GLP_OPT || mipStatus == GLP_FEAS {
            values = (0..<model.variables.count).map { glp_mip_col_val(prob, Int32($0 + 1)) }
            objective = glp_mip_obj_val(prob)
        }
        let status: SolveStatus
        var message: String?
        switch (ret, mipStatus) {
        case (0, GLP_OPT):
            status = .optimal
        case (0, GLP_FEAS), (GLP_EMIPGAP, GLP_FEAS), (GLP_EMIPGAP, GLP_OPT):
            status = .feasible
            message = "stopped at the relative gap \(options.relativeGap)"
        case (0, GLP_NOFEAS), (GLP_ENOPFS, _):
            status = .infeasible
            message = "no feasible solution exists"
        case (GLP_ETMLIM, _):
            status = .timeLimit
            message = values == nil ? "time limit reached before a feasible solution was found" : "time limit reached; best solution attached"
        case (GLP_ENODFS, _):
            status = .error
            message = "the LP relaxation is unbounded (no dual feasible solution)"
        default:
            status = .error
            message = "GLPK failed: glp_intopt returned \(ret), mip status \(mipStatus)"
        }
        var bound = trace.bound
        if status == .optimal { bound = objective }
        if let b = bound, let o = objective {
            bound = model.sense == .minimize ? min(b, o) : max(b, o)
        }
        let stats = SolveStatistics(seconds: secondsSince(start), iterations: Int(glp_get_it_cnt(prob)), nodes: trace.nodes)
        return MILPResult(status: status, objective: objective, bound: status == .infeasible ? nil : bound, values: values,
                          statistics: stats, rawReturnCode: ret, rawStatus: mipStatus, message: message)
    }

    /// Writes `model` in CPLEX LP format (objective sense kept), for another solver to read.
    ///
    /// GLPK writes the objective's constant only as a comment, so another solver would read a
    /// different objective: a nonzero constant is written as a variable `objective_constant`
    /// fixed at 1 whose objective coefficient is the constant.
    public static func writeLP(_ model: MILPModel, path: String) throws(MILPModel.InvalidModel) {
        var model = model
        if model.objectiveConstant != 0 {
            model.addVariable("objective_constant", lower: 1, upper: 1, objective: model.objectiveConstant)
            model.objectiveConstant = 0
        }
        try model.validate()
        guard !model.variables.isEmpty else { throw MILPModel.InvalidModel(reason: "no variables") }
        _ = glp_term_out(GLP_OFF)
        let prob = load(model)
        var outcome = dnn_glp_outcome()
        defer { if outcome.failed == 0 { glp_delete_prob(prob) } }
        // GLPK does not report a failed flush (a full disk): write to a private temporary file, then
        // copy the text with a write that checks every step, including close.
        var template = Array("/tmp/dnnpart-lp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw MILPModel.InvalidModel(reason: "cannot create a temporary file for the LP model") }
        close(fd)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(temporary) }
        let r = dnn_glp_guarded_write_lp(prob, temporary, &outcome)
        if r != 0 {
            let said = guardText(&outcome).split(whereSeparator: \.isNewline).joined(separator: "; ")
            throw MILPModel.InvalidModel(reason: "cannot write the LP file \(path)" + (said.isEmpty ? "" : ": " + said))
        }
        do { try FileBytes.write(try FileBytes.readText(path: temporary), path: path) } catch {
            throw MILPModel.InvalidModel(reason: error.description)
        }
    }

    /// Builds the GLPK problem. The model must be validated.
    private static func load(_ model: MILPModel) -> OpaquePointer {
        let prob = glp_create_prob()!
        glp_set_prob_name(prob, lpName(model.name, fallback: "dnnpartition"))
        glp_set_obj_name(prob, "objective")
        glp_set_obj_dir(prob, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(prob, 0, model.objectiveConstant)
        let n = model.variables.count, m = model.rows.count
        if n > 0 { glp_add_cols(prob, Int32(n)) }
        if m > 0 { glp_add_rows(prob, Int32(m)) }
        for (j, v) in model.variables.enumerated() {
            let col = Int32(j + 1)  // GLPK indices are 1-based
            glp_set_col_name(prob, col, lpName(v.name, fallback: "x\(j)"))
            let (type, lo, hi) = boundType(v.lower, v.upper)
            glp_set_col_bnds(prob, col, type, lo, hi)
            glp_set_col_kind(prob, col, v.kind == .continuous ? GLP_CV : GLP_IV)
            glp_set_obj_coef(prob, col, v.objective)
        }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]  // element 0 is GLPK's dummy
        for (i, r) in model.rows.enumerated() {
            let row = Int32(i + 1)
            glp_set_row_name(prob, row, lpName(r.name, fallback: "r\(i)"))
            let (type, lo, hi) = boundType(r.lower, r.upper)
            glp_set_row_bnds(prob, row, type, lo, hi)
            for (v, c) in model.mergedTerms(r) {
                ia.append(row)
                ja.append(Int32(v + 1))
                ar.append(c)
            }
        }
        if ia.count > 1 { glp_load_matrix(prob, Int32(ia.count - 1), ia, ja, ar) }
        return prob
    }

    private static func boundType(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): return (GLP_FR, 0, 0)
        case let (lo?, nil): return (GLP_LO, lo, 0)
        case let (nil, hi?): return (GLP_UP, 0, hi)
        case let (lo?, hi?): return lo == hi ? (GLP_FX, lo, hi) : (GLP_DB, lo, hi)
        }
    }

    /// A name valid in CPLEX LP files: letters, digits and `_`, not starting with a digit, ≤ 255 characters.
    static func lpName(_ name: String, fallback: String) -> String {
        var s = String(name.unicodeScalars.map { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_" ? Character($0) : "_" })
        if s.isEmpty { s = fallback }
        if let f = s.first, f.isNumber { s = "_" + s }
        return String(s.prefix(255))
    }
}

/// The text GLPK printed inside a guarded call.
func guardText(_ outcome: inout dnn_glp_outcome) -> String {
    withUnsafeBytes(of: &outcome.output) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// Raises a GLPK internal error under the guard and returns what the guard caught (a test of the guard).
public func glpkGuardSelfTest() -> (failed: Bool, message: String) {
    var outcome = dnn_glp_outcome()
    _ = dnn_glp_guarded_raise(&outcome)
    return (outcome.failed != 0, guardText(&outcome))
}

/// What the branch-and-cut callback records: tree size and the best bound; it reports progress
/// at most four times a second.
private final class SearchTrace {
    var nodes = 0
    var bound: Double?
    let progress: ProgressHandler?
    let start = ContinuousClock.now
    var lastReport: ContinuousClock.Instant?

    init(progress: ProgressHandler?) { self.progress = progress }

    /// Reports nodes and the gap between the incumbent and the best bound, when a quarter second has passed.
    func report(_ tree: OpaquePointer) {
        guard let progress else { return }
        let now = ContinuousClock.now
        if let last = lastReport, now - last < .milliseconds(250) { return }
        lastReport = now
        var gap: Double?
        if let prob = glp_ios_get_prob(tree), glp_mip_status(prob) == GLP_FEAS || glp_mip_status(prob) == GLP_OPT, let b = bound {
            let incumbent = glp_mip_obj_val(prob)
            gap = abs(incumbent - b) / max(abs(incumbent), 1e-300)
        }
        progress(SolveProgress(task: "", step: "branch and bound nodes", done: nodes, gap: gap, elapsed: secondsSince(start)))
    }
}

/// GLPK's callback: called at every search event with the tree.
private let searchCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    let trace = Unmanaged<SearchTrace>.fromOpaque(info).takeUnretainedValue()
    var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
    glp_ios_tree_size(tree, &active, &current, &total)
    trace.nodes = max(trace.nodes, Int(total))
    let best = glp_ios_best_node(tree)
    if best != 0 { trace.bound = glp_ios_node_bound(tree, best) }
    trace.report(tree)
}
