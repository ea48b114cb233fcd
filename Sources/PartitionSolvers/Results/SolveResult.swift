import PartitionModel

/// How a solve ended, kept apart from what it found (as in OR-Tools and HiGHS).
public enum SolveStatus: String, Sendable, CaseIterable {
    /// The plan is proven optimal (exact solvers).
    case optimal
    /// A valid plan without an optimality proof (heuristics, or an exact solver stopped early).
    case feasible
    /// The problem has no valid plan.
    case infeasible
    /// Stopped by the time limit; a plan may or may not be attached.
    case timeLimit = "time_limit"
    /// The solver failed; see the message.
    case error
}

/// Counters and timings of one solve.
public struct SolveStatistics: Sendable {
    /// Wall-clock seconds of the whole solve, model building included.
    public var seconds: Double
    /// Algorithm iterations: augmenting paths, simplex iterations, grid points, prefixes tried.
    public var iterations: Int
    /// Branch-and-bound nodes (MILP), or vertices of the flow network (min-cut).
    public var nodes: Int
    /// Other named figures, in order (for example the cut value and its unit).
    public var extra: [(name: String, value: Double)]

    /// Statistics of one solve: wall time (s), iterations, branch-and-bound nodes and named extras.
    public init(seconds: Double = 0, iterations: Int = 0, nodes: Int = 0, extra: [(name: String, value: Double)] = []) {
        self.seconds = seconds
        self.iterations = iterations
        self.nodes = nodes
        self.extra = extra
    }
}

/// The outcome of running one solver on one instance.
public struct SolveResult<Plan: Sendable>: Sendable {
    /// The solver's short name (`dsl`, `neurosurgeon`, …).
    public var solver: String
    /// How the solve ended: optimal, feasible, infeasible, time limit or error.
    public var status: SolveStatus
    /// The plan found, if any.
    public var plan: Plan?
    /// The plan's objective in the problem's unit (seconds for latency and bottleneck).
    public var objective: Double?
    /// A proven lower bound on the optimum, when the solver has one.
    public var bound: Double?
    /// Time, iterations and nodes.
    public var statistics: SolveStatistics
    /// What went wrong, or a remark about the result.
    public var message: String?

    /// A result: who solved, how the solve ended, the plan and its objective, a bound, statistics and a message.
    public init(solver: String, status: SolveStatus, plan: Plan?, objective: Double?, bound: Double? = nil,
                statistics: SolveStatistics, message: String? = nil) {
        self.solver = solver
        self.status = status
        self.plan = plan
        self.objective = objective
        self.bound = bound
        self.statistics = statistics
        self.message = message
    }

    /// Whether a plan came back.
    public var hasPlan: Bool { plan != nil }
}

/// Why a solver refused an instance before running.
public typealias SolverInputError = PartitionError
