import PartitionModel

/// DADS's load-mode selection (Algorithm 3): latency-optimal when it keeps up, throughput-optimal otherwise.
///
/// Given a required frame rate Q: solve P1; if its plan's bottleneck T is
/// below 1/Q the system is *lightly loaded* and that plan is used. Otherwise
/// solve P2 exactly; if its optimum T* is below 1/Q the system is *heavily
/// loaded* and the P2 plan is used; if not, no plan sustains Q and the
/// highest sustainable rate is 1/T*.
///
/// - Complexity: one min-cut plus, under heavy load, one MILP.
public enum ModeSelection {
    /// Which plan the required rate calls for.
    public enum Mode: String, Sendable {
        /// The latency-optimal plan sustains the rate.
        case lightlyLoaded = "lightly-loaded"
        /// Only a throughput-optimised plan sustains the rate.
        case heavilyLoaded = "heavily-loaded"
        /// Even the throughput-optimal plan cannot keep up.
        case unsustainable
    }

    /// The mode, the plan to deploy, and the figures behind the choice.
    public struct Decision: Sendable {
        /// The mode.
        public let mode: Mode
        /// The plan to deploy: the P1 plan when lightly loaded, else the P2 plan.
        public let result: SolveResult<TierAssignment>
        /// The required frame rate, frames/s.
        public let rate: Double
        /// Bottleneck of the latency-optimal plan, seconds.
        public let latencyPlanBottleneck: Double
        /// Highest rate any plan sustains (1/T*), frames/s; known when P2 was solved.
        public let maximumRate: Double?
    }

    /// Picks the mode for frame rate `rate` (frames/s, > 0).
    public static func decide(_ instance: Instance, rate: Double, options: MILPOptions = MILPOptions()) throws(SolverInputError) -> Decision {
        guard rate.isFinite, rate > 0 else { throw SolverInputError("the frame rate must be a finite number > 0, found \(rate)") }
        let costs = try EdgeCloudCosts(instance)
        let p1 = DSLSolver.solve(instance)
        guard let p1Plan = p1.plan else { throw SolverInputError(p1.message ?? "the latency split failed") }
        let t1 = costs.evaluate(p1Plan.tierOfLayer.map { $0 == 0 }).bottleneck
        if t1 < 1 / rate {
            return Decision(mode: .lightlyLoaded, result: p1, rate: rate, latencyPlanBottleneck: t1, maximumRate: nil)
        }
        let p2 = EdgeCloudMILP.solve(instance, objective: .bottleneck, options: options)
        guard let t2 = p2.objective else { throw SolverInputError(p2.message ?? "the throughput MILP returned no plan (\(p2.status.rawValue))") }
        let mode: Mode = t2 < 1 / rate ? .heavilyLoaded : .unsustainable
        return Decision(mode: mode, result: p2, rate: rate, latencyPlanBottleneck: t1, maximumRate: t2 > 0 ? 1 / t2 : .infinity)
    }
}
