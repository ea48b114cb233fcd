import PartitionModel

/// A small typed mixed-integer linear program: variables with bounds and kinds, sparse rows, an objective.
///
/// Build it in Swift, check it with ``validate()``, and hand it to a backend
/// (``GLPKBackend``). Every index, bound and coefficient is checked here,
/// before any C call: GLPK aborts the whole process on a bad argument.
public struct MILPModel: Sendable {
    /// Whether the objective is minimised or maximised.
    public enum Sense: String, Sendable { case minimize, maximize }

    /// The domain of a variable.
    public enum VariableKind: String, Sendable {
        case continuous
        case integer
        /// An integer in [0, 1] (the bounds are forced to 0 and 1).
        case binary
    }

    /// A column of the model: name, bounds, domain and objective coefficient.
    public struct Variable: Sendable {
        /// A name for LP files and messages.
        public var name: String
        /// `nil` is −∞.
        public var lower: Double?
        /// `nil` is +∞.
        public var upper: Double?
        /// Continuous, integer or binary.
        public var kind: VariableKind
        /// The objective coefficient.
        public var objective: Double
    }

    /// `lower ≤ Σ coefficient·x ≤ upper`; a `nil` side is unbounded.
    public struct Row: Sendable {
        /// A name for LP files and messages.
        public var name: String
        /// The row's nonzero coefficients.
        public var terms: [(variable: Int, coefficient: Double)]
        /// Lower bound (nil: none).
        public var lower: Double?
        /// Upper bound (nil: none).
        public var upper: Double?
    }

    /// Minimise or maximise.
    public var sense: Sense
    /// The model's name (written to LP files).
    public var name: String
    /// The columns, in index order.
    public private(set) var variables: [Variable] = []
    /// The constraints, in index order.
    public private(set) var rows: [Row] = []
    /// A constant added to the objective.
    public var objectiveConstant: Double = 0

    /// An empty model.
    public init(name: String = "model", sense: Sense = .minimize) {
        self.name = name
        self.sense = sense
    }

    /// Adds a variable and returns its index.
    @discardableResult
    public mutating func addVariable(_ name: String, lower: Double? = 0, upper: Double? = nil,
                                     kind: VariableKind = .continuous, objective: Double = 0) -> Int {
        let (lo, hi) = kind == .binary ? (Swift.max(lower ?? 0, 0), Swift.min(upper ?? 1, 1)) : (lower, upper)
        variables.append(Variable(name: name, lower: lo, upper: hi, kind: kind, objective: objective))
        return variables.count - 1
    }

    /// Adds `lower ≤ Σ terms ≤ upper` and returns the row's index.
    @discardableResult
    public mutating func addRow(_ name: String, _ terms: [(Int, Double)], lower: Double? = nil, upper: Double? = nil) -> Int {
        rows.append(Row(name: name, terms: terms.map { (variable: $0.0, coefficient: $0.1) }, lower: lower, upper: upper))
        return rows.count - 1
    }

    /// Sets a variable's objective coefficient.
    public mutating func setObjective(_ variable: Int, _ coefficient: Double) {
        variables[variable].objective = coefficient
    }

    /// Fixes a variable to a value (both bounds).
    public mutating func fix(_ variable: Int, to value: Double) {
        variables[variable].lower = value
        variables[variable].upper = value
    }

    /// Why a model cannot be handed to a solver.
    public typealias InvalidModel = PartitionError

    /// Checks every index, bound and coefficient. A model that passes can be loaded into GLPK.
    ///
    /// - Complexity: O(variables + nonzeros).
    public func validate() throws(InvalidModel) {
        guard variables.count < Int(Int32.max) - 1, rows.count < Int(Int32.max) - 1 else {
            throw InvalidModel(reason: "the model is too large for GLPK (32-bit indices)")
        }
        for (j, v) in variables.enumerated() {
            if let lo = v.lower, !lo.isFinite { throw InvalidModel(reason: "variable \(j) (\(v.name)): lower bound \(lo) is not finite (use nil for −∞)") }
            if let hi = v.upper, !hi.isFinite { throw InvalidModel(reason: "variable \(j) (\(v.name)): upper bound \(hi) is not finite (use nil for +∞)") }
            if let lo = v.lower, let hi = v.upper, lo > hi { throw InvalidModel(reason: "variable \(j) (\(v.name)): lower bound \(lo) > upper bound \(hi)") }
            if !v.objective.isFinite { throw InvalidModel(reason: "variable \(j) (\(v.name)): objective coefficient \(v.objective) is not finite") }
        }
        for (i, r) in rows.enumerated() {
            if let lo = r.lower, !lo.isFinite { throw InvalidModel(reason: "row \(i) (\(r.name)): lower bound \(lo) is not finite") }
            if let hi = r.upper, !hi.isFinite { throw InvalidModel(reason: "row \(i) (\(r.name)): upper bound \(hi) is not finite") }
            if let lo = r.lower, let hi = r.upper, lo > hi { throw InvalidModel(reason: "row \(i) (\(r.name)): lower bound \(lo) > upper bound \(hi)") }
            for (variable, coefficient) in r.terms {
                guard (0..<variables.count).contains(variable) else {
                    throw InvalidModel(reason: "row \(i) (\(r.name)): variable index \(variable) out of range 0..<\(variables.count)")
                }
                guard coefficient.isFinite else { throw InvalidModel(reason: "row \(i) (\(r.name)): coefficient \(coefficient) is not finite") }
            }
        }
        if !objectiveConstant.isFinite { throw InvalidModel(reason: "objective constant is not finite") }
    }

    /// The row's terms with duplicate variables summed and zeros dropped (GLPK refuses duplicates).
    func mergedTerms(_ row: Row) -> [(variable: Int, coefficient: Double)] {
        var sum: [Int: Double] = [:]
        var order: [Int] = []
        for (v, c) in row.terms {
            if sum[v] == nil { order.append(v) }
            sum[v, default: 0] += c
        }
        return order.compactMap { sum[$0]! == 0 ? nil : (variable: $0, coefficient: sum[$0]!) }
    }

    /// Evaluates the objective at `values`.
    public func objectiveValue(_ values: [Double]) -> Double {
        zip(variables, values).reduce(objectiveConstant) { $0 + $1.0.objective * $1.1 }
    }
}

/// Options of a MILP solve.
public struct MILPOptions: Sendable {
    /// Which solver runs the model: GLPK (the default) or COIN-OR CBC.
    public var backend: MILPBackend = .glpk
    /// Wall-clock limit in seconds (`nil`: none).
    public var timeLimit: Double?
    /// Stop when (incumbent − bound) / |incumbent| ≤ this (0: prove optimality).
    public var relativeGap: Double = 0
    /// GLPK's MIP presolver.
    public var presolve = true
    /// Gomory, MIR, cover and clique cuts (on 640-binary assignment MIPs: 17 s → 1.3–2.1 s).
    public var cuts = true
    /// Hybrid pseudo-cost branching (`GLP_BR_PCH`) instead of GLPK's default Driebeck–Tomlin.
    public var pseudoCostBranching = true
    /// Print GLPK's log to standard output.
    public var verbose = false
    /// Receives progress snapshots of long searches (GLPK's branch and bound, the P4 grid
    /// search): nodes or sub-models done, incumbent, bound or gap; nil: none.
    public var progress: ProgressHandler?
    /// A wall-clock instant no solve may run past, shared by every MILP of one run (solvers that
    /// solve many models set it from ``timeLimit``); `nil`: none.
    public var deadline: ContinuousClock.Instant?

    /// Seconds left before ``deadline`` (`nil` without one; 0 once it has passed).
    public var secondsToDeadline: Double? {
        guard let deadline else { return nil }
        let left = deadline - ContinuousClock.now
        return max(0, Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18)
    }

    /// Whether the deadline has passed.
    public var deadlinePassed: Bool { secondsToDeadline.map { $0 <= 0 } ?? false }

    /// These options with ``deadline`` set `timeLimit` seconds from now (unchanged without a time limit
    /// or when a deadline is already set).
    public func withDeadline() -> MILPOptions {
        guard deadline == nil, let t = timeLimit, t.isFinite, t >= 0 else { return self }
        var o = self
        o.deadline = ContinuousClock.now + .milliseconds(Int64(min(t, 1e9) * 1000))
        return o
    }

    /// Options for GLPK's branch and cut; the defaults solve to proven optimality with no time limit.
    public init(timeLimit: Double? = nil, relativeGap: Double = 0, presolve: Bool = true, cuts: Bool = true,
                pseudoCostBranching: Bool = true, verbose: Bool = false) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.cuts = cuts
        self.pseudoCostBranching = pseudoCostBranching
        self.verbose = verbose
    }
}

/// What a MILP solve returned. ``status`` says how the solve ended; the other fields what it found.
public struct MILPResult: Sendable {
    /// How the solve ended.
    public var status: SolveStatus
    /// Objective of the best solution found.
    public var objective: Double?
    /// Best proven bound on the optimum (equal to the objective when optimal).
    public var bound: Double?
    /// Variable values of the best solution found.
    public var values: [Double]?
    /// Time, iterations and nodes.
    public var statistics: SolveStatistics
    /// GLPK's return code of `glp_intopt` (0 = no error) and `glp_mip_status` (5 = optimal).
    public var rawReturnCode: Int32
    /// GLPK's own status code.
    public var rawStatus: Int32
    /// GLPK's words when something went wrong.
    public var message: String?
}

/// The MILP solvers a ``MILPModel`` can go to.
public enum MILPBackend: String, Sendable, CaseIterable {
    /// GLPK's branch and cut (`libglpk-dev`): the default.
    case glpk
    /// COIN-OR CBC (`coinor-libcbc-dev`): the second backend, for cross-checks and speed.
    case cbc
}

extension MILPOptions {
    /// The checks every backend makes before it loads `model`: the model is valid and has
    /// variables, the time limit and the gap are in range, and the run's deadline has not passed.
    /// Returns the options to solve with (the time limit capped by the deadline), or the result to
    /// return at once.
    func preflight(_ model: MILPModel, start: ContinuousClock.Instant) -> Result<MILPOptions, MILPPreflightStop> {
        func failure(_ message: String) -> Result<MILPOptions, MILPPreflightStop> {
            .failure(MILPPreflightStop(result: MILPResult(status: .error, objective: nil, bound: nil, values: nil,
                                                          statistics: SolveStatistics(seconds: secondsSince(start)),
                                                          rawReturnCode: 0, rawStatus: 0, message: message)))
        }
        do { try model.validate() } catch { return failure("invalid model: \(error.reason)") }
        guard !model.variables.isEmpty else { return failure("invalid model: no variables") }
        if let t = timeLimit, !(t.isFinite && t >= 0) { return failure("invalid options: time limit \(t) must be a finite number ≥ 0") }
        var options = self
        if let left = secondsToDeadline {
            guard left > 0 else {
                return .failure(MILPPreflightStop(result: MILPResult(status: .timeLimit, objective: nil, bound: nil, values: nil,
                                                                     statistics: SolveStatistics(), rawReturnCode: 0, rawStatus: 0,
                                                                     message: "the run's deadline passed before this model")))
            }
            options.timeLimit = min(timeLimit ?? left, left)
        }
        guard relativeGap.isFinite, relativeGap >= 0, relativeGap < 1 else {
            return failure("invalid options: relative gap \(relativeGap) must be in [0, 1)")
        }
        return .success(options)
    }
}

/// A model a backend answers without solving (invalid, or past the deadline).
struct MILPPreflightStop: Error {
    let result: MILPResult
}

/// Sends a model to the backend its options name.
public enum MILPSolver {
    /// Solves `model` with `options.backend`.
    public static func solve(_ model: MILPModel, options: MILPOptions = MILPOptions()) -> MILPResult {
        switch options.backend {
        case .glpk: return GLPKBackend.solve(model, options: options)
        case .cbc: return CBCBackend.solve(model, options: options)
        }
    }
}
