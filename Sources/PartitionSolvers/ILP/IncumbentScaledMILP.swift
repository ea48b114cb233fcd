import PartitionModel
import RealModule

/// How one round of ``IncumbentScaledMILP`` turns seconds into model coefficients.
///
/// Every cost is capped at the incumbent's value `upper` (a plan paying more on
/// one term is never better than the incumbent), multiplied by
/// `unitsPerSecond` = 1000 / `upper`, and dropped when it falls below
/// `dropBelow` model units. Capping and dropping only ever lower a cost, so the
/// model is a relaxation of the plan's true cost: its optimum, divided by
/// `unitsPerSecond`, is a lower bound on the true optimum.
public struct CostScale: Sendable {
    /// The incumbent's value in seconds (the cap).
    public let upper: Double
    /// Model units per second.
    public let unitsPerSecond: Double
    /// Coefficients below this many model units become 0.
    public let dropBelow: Double

    /// A scale for an incumbent of `upper` seconds (> 0, finite).
    public init(upper: Double, dropBelow: Double) {
        self.upper = upper
        unitsPerSecond = 1000 / upper
        self.dropBelow = dropBelow
    }

    /// The model coefficient of a non-negative cost in seconds (rounded down, never above 1000).
    public func callAsFunction(_ seconds: Double) -> Double {
        guard seconds > 0 else { return 0 }
        let c = seconds >= upper ? 1000 : seconds * unitsPerSecond
        return c < dropBelow ? 0 : c
    }
}

/// Solves a cost-minimising MILP exactly on any range of costs by re-scaling to the incumbent.
///
/// Algorithm: the best of the caller's seed plans (trivially feasible plans) is
/// the incumbent, of value U. Each round builds the model with ``CostScale``
/// (costs capped at U, scaled so U is 1000 model units, costs below
/// 10⁻⁶·10^(−3·round) units dropped), solves it with GLPK, re-costs the plan it
/// returns with the caller's evaluator (the true objective) and keeps the
/// better plan. The model is a relaxation, so its bound, scaled back, is a
/// lower bound on the optimum. Rounds stop when the incumbent is within
/// ``ExactMinCut/relativeTolerance`` of the bound (`optimal`), when a round
/// neither improves the plan nor the bound, or at the deadline. GLPK's own
/// tolerances (10⁻⁷ on bounds and reduced costs, in units where the
/// incumbent is 1000) limit the proof to about 10⁻¹⁰ of the incumbent.
/// A GLPK failure, or a model that GLPK calls infeasible although a seed is
/// feasible, ends the rounds and returns the incumbent as `feasible` with the
/// reason.
///
/// - Complexity: at most `maxRounds` GLPK solves of the same model size.
public enum IncumbentScaledMILP {
    /// Rounds of re-scaling at most.
    public static let maxRounds = 3
    /// The relative gap below which a MILP result is reported as optimal. GLPK works in double
    /// precision with feasibility tolerances of 1e-7 (relative to each row's bound after its own
    /// scaling), so a proof is only as good as that: the min-cut solvers prove 1e-9, the MILPs 1e-7.
    public static let relativeTolerance = 1e-7

    /// Solves with `build` (the model for a scale and a decoder of its values), seeded with `seeds`.
    /// `evaluate` returns ∞ for a plan the model's side constraints (memory caps) forbid; when no
    /// seed is finite, `fallbackUpper` (a value no plan exceeds) scales the first round, and a
    /// model GLPK proves infeasible ends with status `infeasible`.
    public static func solve<Plan: Sendable>(
        solver: String, seeds: [Plan], evaluate: (Plan) -> Double, options: MILPOptions, fallbackUpper: Double? = nil,
        build: (CostScale) -> (model: MILPModel, decode: ([Double]) -> Plan)
    ) -> SolveResult<Plan> {
        let start = ContinuousClock.now
        let options = options.withDeadline()
        var best: Plan? = nil, upper = Double.infinity
        for s in seeds {
            let v = evaluate(s)
            if best == nil || v < upper { (best, upper) = (s, v) }
        }
        guard let seed = best else {
            return SolveResult(solver: solver, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "no seed plan")
        }
        var plan: Plan? = upper.isFinite ? seed : nil, lower = 0.0, stats = SolveStatistics(), rounds = 0
        var status = SolveStatus.feasible, message: String? = nil
        if plan == nil, let f = fallbackUpper, f.isFinite { upper = max(f, 1e-300) }
        if upper == 0 { status = .optimal }
        while status != .optimal, rounds < maxRounds, upper.isFinite {
            let roundOptions = options
            let scale = CostScale(upper: upper, dropBelow: 1e-4 / Double.pow(100, rounds))
            let (model, decode) = build(scale)
            let r = MILPSolver.solve(model, options: roundOptions)
            rounds += 1
            stats.iterations += r.statistics.iterations
            stats.nodes += r.statistics.nodes
            var improved = false
            if let values = r.values {
                let candidate = decode(values)
                let v = evaluate(candidate)
                if v < upper || (plan == nil && v.isFinite) { (plan, upper, improved) = (candidate, v, true) }
            }
            if let b = r.bound, r.status == .optimal || r.status == .feasible || r.status == .timeLimit {
                let bound = b / scale.unitsPerSecond * (1 - 1e-12)
                if bound > lower { (lower, improved) = (bound, true) }
            }
            if plan != nil, upper - lower <= relativeTolerance * upper { status = .optimal; break }
            if plan == nil, r.status == .infeasible { status = .infeasible; message = "no plan satisfies the model's constraints (memory caps)"; break }
            switch r.status {
            case .error:
                message = "GLPK could not finish (\(r.message ?? "error")); best plan found so far"
            case .infeasible:
                message = "GLPK reported the model infeasible although a seed plan is feasible (numerical trouble); best plan found so far"
            case .timeLimit:
                status = .timeLimit
                message = "time limit reached; best plan found so far"
            default:
                break
            }
            if message != nil || !improved { break }
        }
        guard let plan else {
            stats.seconds = secondsSince(start)
            return SolveResult(solver: solver, status: status == .infeasible ? .infeasible : (status == .timeLimit ? .timeLimit : .error), plan: nil,
                               objective: nil, statistics: stats, message: message ?? "no feasible plan found")
        }
        if status == .optimal { lower = min(lower, upper) }
        if status == .feasible, message == nil {
            message = "gap to the proven bound not closed to \(relativeTolerance) after \(rounds) rounds"
        }
        stats.seconds = secondsSince(start)
        stats.extra = [("rounds", Double(rounds))]
        return SolveResult(solver: solver, status: status, plan: plan, objective: upper,
                           bound: min(lower, upper), statistics: stats, message: message)
    }
}
