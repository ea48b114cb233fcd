import PartitionModel

/// Dynamic re-partition (D3): when one link's bandwidth or one tier's speed changes, re-solve and report what moved.
///
/// The latency-optimal plan is recomputed exactly (``StackedCutSolver``) on the changed system and
/// compared with the old optimal plan: which layers changed tier, the old plan's latency before and
/// after the change (what staying put would cost), the new optimum, the re-solve time, and the
/// bytes each plan sends over every link (the last link is the backbone to the cloud).
///
/// - Complexity: two min-cuts plus O(V) for the comparison.
public enum Repartition {
    /// A change of the system: one link's bandwidth or one tier's speed.
    public enum Change: Sendable, CustomStringConvertible {
        /// Link `link`'s uplink bandwidth becomes `bytesPerSecond`.
        case linkBandwidth(link: Int, bytesPerSecond: Double)
        /// Tier `tier` becomes `factor` times as fast (0.5: half speed); profiles and device speeds scale.
        case tierSpeed(tier: Int, factor: Double)

        /// The change in words.
        public var description: String {
            switch self {
            case let .linkBandwidth(k, b): return "link \(k) bandwidth → \(UnitFormat.bandwidth(b))"
            case let .tierSpeed(k, f): return "tier \(k) speed × \(f)"
            }
        }
    }

    /// A layer that changes tier, by name.
    public struct Move: Sendable, Equatable {
        /// The layer.
        public let layer: String
        /// Its tier before.
        public let from: String
        /// Its tier after.
        public let to: String
    }

    /// The plans before and after a change and what moved.
    public struct Report: Sendable {
        /// The change applied.
        public let change: Change
        /// The system after the change.
        public let instance: Instance
        /// The optimal plan before the change.
        public let oldPlan: TierAssignment
        /// The optimal plan after it.
        public let newPlan: TierAssignment
        /// Every layer that changes tier.
        public let moved: [Move]
        /// The old optimum's latency on the old system, seconds.
        public let oldLatency: Double
        /// The old plan's latency on the changed system (no re-partition), seconds.
        public let stayLatency: Double
        /// The new optimum's latency on the changed system, seconds.
        public let newLatency: Double
        /// Seconds the re-solve took.
        public let resolveSeconds: Double
        /// Bytes sent over each link by the old plan (old system) and the new plan.
        public let oldLinkBytes: [Double]
        /// Bytes the new plan sends over every link.
        public let newLinkBytes: [Double]
    }

    /// Applies `change` and re-solves.
    public static func apply(_ instance: Instance, change: Change) throws(SolverInputError) -> Report {
        let changed: Instance
        do {
            switch change {
            case let .linkBandwidth(k, b):
                guard instance.links.indices.contains(k) else { throw SolverInputError("no link \(k); the instance has \(instance.links.count)") }
                guard b.isFinite, b > 0 else { throw SolverInputError("the new bandwidth must be a finite number > 0") }
                var link = instance.links[k]
                let downScaled = link.downlinkBandwidth == link.bandwidth
                link.bandwidth = b
                if downScaled { link.downlinkBandwidth = b }
                changed = try instance.replacingLink(k, with: link)
            case let .tierSpeed(k, f):
                guard instance.tiers.indices.contains(k) else { throw SolverInputError("no tier \(k); the instance has \(instance.tiers.count)") }
                guard f.isFinite, f > 0 else { throw SolverInputError("the speed factor must be a finite number > 0") }
                var tier = instance.tiers[k]
                if var d = tier.device {
                    d.flopsPerSecond *= f
                    d.flopsPerSecondByOp = d.flopsPerSecondByOp.mapValues { $0 * f }
                    d.memoryBandwidth *= f
                    d.layerOverhead /= f
                    tier.device = d
                }
                tier.profile = tier.profile.mapValues { $0 / f }
                changed = try instance.replacingTier(k, with: tier)
            }
        } catch let e as SolverInputError {
            throw e
        } catch {
            throw SolverInputError("the changed instance is invalid: \(error)")
        }
        let old = StackedCutSolver.solve(instance)
        let start = ContinuousClock.now
        let new = StackedCutSolver.solve(changed)
        let resolve = secondsSince(start)
        guard let oldPlan = old.plan, let newPlan = new.plan else { throw SolverInputError("the min-cut returned no plan") }
        let before = TierChainCosts(instance), after = TierChainCosts(changed)
        let g = instance.graph
        let moved = g.layers.indices.filter { oldPlan.tierOfLayer[$0] != newPlan.tierOfLayer[$0] }.map {
            Move(layer: g.layers[$0].id, from: instance.tiers[oldPlan.tierOfLayer[$0]].name, to: instance.tiers[newPlan.tierOfLayer[$0]].name)
        }
        let oldEval = before.evaluate(oldPlan.tierOfLayer), newEval = after.evaluate(newPlan.tierOfLayer)
        return Report(change: change, instance: changed, oldPlan: oldPlan, newPlan: newPlan, moved: moved,
                      oldLatency: oldEval.latency, stayLatency: after.evaluate(oldPlan.tierOfLayer).latency,
                      newLatency: newEval.latency, resolveSeconds: resolve,
                      oldLinkBytes: oldEval.linkBytes, newLinkBytes: newEval.linkBytes)
    }
}
