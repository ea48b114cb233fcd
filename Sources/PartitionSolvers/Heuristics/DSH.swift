import PartitionModel
import RealModule

/// DADS's heavy-load heuristic for P2: re-weighted latency min-cuts over a refined (α, γ) grid.
///
/// Each grid point solves the P1 min-cut with the edge times scaled by α
/// and the cloud times by γ (transfers keep weight 1), and the plan it
/// returns is scored by its real bottleneck max(Te, Tt, Tc). The grid is
/// centred on (1, 1) with `2·halfWidth + 1` points per axis spaced by δ in
/// log₂ units (α = 2^a, so the initial grid spans 1/16…16 with the
/// defaults); after each round it is re-centred on the best point and δ
/// shrinks to δ/K, until the best bottleneck improves by less than ε
/// (relative) or `maxRounds` is reached. The best plan *seen* is returned
/// (FORMULATIONS' fix: the printed algorithm returns the last one).
///
/// Because (1, 1) is on the first grid, the result is never worse than the
/// latency-optimal plan, so T_DSH ≤ L(P1 opt) ≤ L(P2 opt) ≤ 3·T*.
///
/// Source: C. Hu, W. Bao, D. Wang, F. Liu, "Dynamic Adaptive DNN Surgery for
/// Inference Acceleration on the Edge", IEEE INFOCOM 2019, Algorithm 2. The
/// paper states the grid linearly; we step in log₂(α) so one grid covers
/// weights above and below 1 evenly (documented in docs/solvers/dsh.md).
///
/// - Complexity: rounds × (2·halfWidth + 1)² min-cuts, each O(V + E) to build
///   plus one max-flow.
public enum DSH {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "dsh"

    /// The heuristic's parameters.
    public struct Parameters: Sendable {
        /// Initial grid step δ in log₂ units.
        public var delta: Double = 1
        /// Refinement factor K: the step becomes δ/K each round.
        public var refinement: Double = 2
        /// Stop when a round improves the best bottleneck by less than ε (relative).
        public var epsilon: Double = 1e-3
        /// Points on each side of the centre, per axis.
        public var halfWidth: Int = 4
        /// Upper limit on rounds.
        public var maxRounds: Int = 8

        /// The published defaults: δ = 1, K = 2, ε = 10⁻³, 4 points each side, at most 8 rounds.
        public init(delta: Double = 1, refinement: Double = 2, epsilon: Double = 1e-3, halfWidth: Int = 4, maxRounds: Int = 8) {
            self.delta = delta
            self.refinement = refinement
            self.epsilon = epsilon
            self.halfWidth = halfWidth
            self.maxRounds = maxRounds
        }
    }

    /// The best bottleneck DSH finds on a two-tier instance (a heuristic: never below the P2 optimum).
    public static func solve(_ instance: Instance, parameters p: Parameters = Parameters()) -> SolveResult<TierAssignment> {
        let start = ContinuousClock.now
        guard p.delta > 0, p.refinement > 1, p.epsilon >= 0, p.halfWidth >= 0, p.maxRounds >= 1,
              p.delta.isFinite, p.refinement.isFinite, p.epsilon.isFinite else {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(),
                               message: "DSH parameters need δ > 0, K > 1, ε ≥ 0, halfWidth ≥ 0, maxRounds ≥ 1")
        }
        let costs: EdgeCloudCosts
        do { costs = try EdgeCloudCosts(instance) } catch {
            return SolveResult(solver: name, status: .error, plan: nil, objective: nil, statistics: SolveStatistics(), message: error.reason)
        }
        var seen: [[Bool]: Double] = [:]
        var best = (value: Double.infinity, plan: [Bool](), a: 0.0, c: 0.0)
        var center = (a: 0.0, c: 0.0)
        var delta = p.delta
        var cuts = 0, rounds = 0
        while rounds < p.maxRounds {
            rounds += 1
            let before = best.value
            for i in -p.halfWidth...p.halfWidth {
                for j in -p.halfWidth...p.halfWidth {
                    let a = center.a + Double(i) * delta, c = center.c + Double(j) * delta
                    let cut = DSLSolver.minimumCut(costs, edgeWeight: Double.exp2(a), cloudWeight: Double.exp2(c))
                    cuts += 1
                    let value: Double
                    if let v = seen[cut.onEdge] { value = v } else {
                        value = costs.evaluate(cut.onEdge).bottleneck
                        seen[cut.onEdge] = value
                    }
                    // Ties go to the point nearest (1, 1), so the result does not depend on grid order.
                    if value < best.value || (value == best.value && abs(a) + abs(c) < abs(best.a) + abs(best.c)) {
                        best = (value, cut.onEdge, a, c)
                    }
                }
            }
            center = (best.a, best.c)
            delta /= p.refinement
            if before.isFinite && before - best.value < p.epsilon * before { break }
        }
        let stats = SolveStatistics(seconds: secondsSince(start), iterations: cuts, nodes: rounds, extra: [
            ("bestAlpha", Double.exp2(best.a)), ("bestGamma", Double.exp2(best.c)), ("distinctPlans", Double(seen.count)),
        ])
        return SolveResult(solver: name, status: .feasible, plan: EdgeCloudCosts.assignment(best.plan), objective: best.value,
                           statistics: stats)
    }
}
