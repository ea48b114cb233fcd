import PartitionModel

/// Options every solver takes: the MILP settings and the seed of every random choice.
public struct SolveOptions: Sendable {
    /// Time limit, gap and GLPK switches of the MILP solvers.
    public var milp: MILPOptions
    /// Drives every random choice (Lanczos start vectors, k-means++); the same seed gives the same plan.
    public var seed: UInt64

    /// Options with the given MILP settings and seed.
    public init(milp: MILPOptions = MILPOptions(), seed: UInt64 = 1) {
        self.milp = milp
        self.seed = seed
    }
}

/// A named solver of problem `P`: what the CLI's `--solver` names, the catalog lists and the
/// conformance suite runs.
public struct Solver<P: PartitionProblem>: Sendable {
    /// The `--solver` name.
    public let name: String
    /// One line for help texts and tables.
    public let summary: String
    /// Whether a result with status `optimal` is a proof of optimality.
    public let exact: Bool
    /// Whether, on a given problem, its plans lie in another plan space than the exact solvers'
    /// (so their optimum does not bound it): DeCNN's spatial comparison in P6's group space.
    public let otherPlanSpace: @Sendable (P) -> Bool
    /// Why the solver cannot take this problem (nil when it can): FTP has no layer-wise mode.
    public let refusal: @Sendable (P) -> String?
    /// Runs the solver.
    public let run: @Sendable (P, SolveOptions) -> SolveResult<P.Plan>

    /// A solver; `refusal` says when it cannot take a problem.
    public init(name: String, summary: String, exact: Bool, otherPlanSpace: @escaping @Sendable (P) -> Bool = { _ in false },
                refusal: @escaping @Sendable (P) -> String? = { _ in nil },
                run: @escaping @Sendable (P, SolveOptions) -> SolveResult<P.Plan>) {
        self.name = name
        self.summary = summary
        self.exact = exact
        self.otherPlanSpace = otherPlanSpace
        self.refusal = refusal
        self.run = run
    }

    /// Runs the solver, or returns `.error` with the reason when it cannot take the problem.
    public func solve(_ problem: P, options: SolveOptions = SolveOptions()) -> SolveResult<P.Plan> {
        if let why = refusal(problem) {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: why)
        }
        return run(problem, options)
    }

    /// A heuristic that builds one plan: timed, with status `feasible` and the objective of the
    /// solver-side `cost` (the verifier recomputes it independently). A thrown reason becomes `.error`.
    public static func heuristic(_ name: String, summary: String, otherPlanSpace: @escaping @Sendable (P) -> Bool = { _ in false },
                                refusal: @escaping @Sendable (P) -> String? = { _ in nil },
                                cost: @escaping @Sendable (P, P.Plan) -> Double,
                                plan: @escaping @Sendable (P, SolveOptions) throws(SolverInputError) -> P.Plan) -> Solver {
        Solver(name: name, summary: summary, exact: false, otherPlanSpace: otherPlanSpace, refusal: refusal) { problem, options in
            let start = ContinuousClock.now
            do throws(SolverInputError) {
                let p = try plan(problem, options)
                return SolveResult(solver: name, status: .feasible, plan: p, objective: cost(problem, p),
                                   statistics: SolveStatistics(seconds: secondsSince(start), iterations: 1))
            } catch {
                return SolveResult(solver: name, status: .error, plan: nil, objective: nil,
                                   statistics: SolveStatistics(seconds: secondsSince(start)), message: error.reason)
            }
        }
    }
}

/// A problem with a catalog of solvers, the exact ones first.
public protocol SolvableProblem: PartitionProblem {
    /// Every solver of this problem, the exact ones first.
    static var solvers: [Solver<Self>] { get }
    /// The solver used when none is named (the first, unless the problem says otherwise).
    static var defaultSolverName: String { get }
}

/// A solver name that the problem's catalog does not list.
public struct UnknownSolver: Error, Sendable, CustomStringConvertible {
    /// The name asked for.
    public let name: String
    /// The problem.
    public let problem: ProblemKind
    /// The names the catalog has.
    public let available: [String]
    /// "unknown solver …" with the names available.
    public var description: String {
        "unknown solver \"\(name)\" for problem \(problem.rawValue) (available: \(available.joined(separator: ", ")))"
    }
}

extension SolvableProblem {
    /// The solver called `name`; throws ``UnknownSolver`` (with the names available) when there is none.
    public static func requireSolver(named name: String) throws(UnknownSolver) -> Solver<Self> {
        guard let s = solver(named: name) else { throw UnknownSolver(name: name, problem: kind, available: solvers.map(\.name)) }
        return s
    }

    /// Solves `self` with the catalog's solver `name` (default: the problem's default solver).
    public func solve(with name: String? = nil, options: SolveOptions = SolveOptions()) throws(UnknownSolver) -> SolveResult<Plan> {
        try Self.requireSolver(named: name ?? Self.defaultSolverName).solve(self, options: options)
    }

    /// The first solver of the catalog.
    public static var defaultSolverName: String { solvers[0].name }

    /// The solver called `name`.
    public static func solver(named name: String) -> Solver<Self>? { solvers.first { $0.name == name } }
}
