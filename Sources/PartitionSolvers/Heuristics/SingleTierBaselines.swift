import PartitionModel

/// The trivial plans every comparison starts from: everything on one tier.
///
/// *edge-only* runs the whole network where the sample is (tier 0);
/// *cloud-only* uploads the raw input and runs every layer on the last tier.
/// On two tiers these are the two extreme closed cuts.
///
/// - Complexity: O(V + E) (one evaluation).
public enum SingleTierBaseline {
    /// Everything on tier 0 (`edge-only`, or `device-only` with three tiers).
    public static func firstTier(_ instance: Instance, name: String = "edge-only",
                                 objective: EdgeCloudObjective = .latency) -> SolveResult<TierAssignment> {
        onTier(0, instance: instance, name: name, objective: objective)
    }

    /// Everything but the input on the last tier (`cloud-only`).
    public static func lastTier(_ instance: Instance, name: String = "cloud-only",
                                objective: EdgeCloudObjective = .latency) -> SolveResult<TierAssignment> {
        onTier(instance.tiers.count - 1, instance: instance, name: name, objective: objective)
    }

    /// Everything but the input on tier `k`.
    public static func onTier(_ k: Int, instance: Instance, name: String,
                              objective: EdgeCloudObjective = .latency) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        let plan = TierAssignment.allOn(k, graph: instance.graph)
        let value: Double?
        switch objective {
        case .latency:
            value = TierChainCosts(instance, objective: instance.tierObjective).evaluate(plan.tierOfLayer).latency
        case .bottleneck:
            value = (try? EdgeCloudCosts(instance)).map { $0.evaluate(plan.tierOfLayer.map { $0 == 0 }).bottleneck }
        }
        return SolveResult(solver: name, status: .feasible, plan: plan, objective: value,
                           statistics: SolveStatistics(seconds: secondsSince(start), iterations: 1))
    }
}
