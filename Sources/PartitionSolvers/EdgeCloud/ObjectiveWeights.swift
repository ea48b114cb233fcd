import PartitionModel

/// The price per second of each tier's compute and each link's transfers under a tier-chain objective (solver side).
///
/// Every term of the latency and of the energy (``TierObjective``) is a sum over layers and
/// crossed links of seconds times a constant, so latency + λ·energy keeps the form of the latency
/// with each second reweighted: tier k computing costs 1 + λ(P_compute,k + Σ_{j≠k} P_idle,j) per
/// second, a transfer up link k costs 1 + λ(P_transmit,k + Σ_{j≠k} P_idle,j), the result coming
/// down link k 1 + λ(P_receive,k + Σ_{j≠k} P_idle,j) (idle powers only with the idle option; the
/// leading 1 is 0 for the energy objective, and λ = 1). The min-cuts and MILPs of P1 and P3 then
/// stay exact for energy and for the weighted objective.
///
/// - Complexity: O(K) for K tiers.
public struct ObjectiveWeights: Sendable {
    /// Price of a second of compute on each tier.
    public let compute: [Double]
    /// Price of a second of uplink transfer on each link.
    public let uplink: [Double]
    /// Price of a second of result return on each link.
    public let downlink: [Double]

    /// The prices of `objective` on `instance`'s tiers and links (all 1 for latency).
    public init(_ instance: Instance, objective: TierObjective) {
        let (time, perJoule): (Double, Double) = switch objective.kind {
        case .latency: (1, 0)
        case .energy: (0, 1)
        case .weighted: (1, objective.lambda)
        }
        let idle = instance.tiers.map { objective.idle ? ($0.device?.idleWatts ?? 0) : 0 }
        // Σ_{j≠k} idle_j summed directly: a total minus idle_k would lose small figures beside large ones.
        func others(_ k: Int) -> Double { idle.indices.reduce(0) { $1 == k ? $0 : $0 + idle[$1] } }
        func price(_ watts: Double, busy k: Int) -> Double { time + perJoule * (watts + others(k)) }
        compute = instance.tiers.indices.map { price(instance.tiers[$0].device?.computeWatts ?? 0, busy: $0) }
        uplink = instance.links.indices.map { price(instance.links[$0].transmitWatts ?? 0, busy: $0) }
        downlink = instance.links.indices.map { price(instance.links[$0].receiveWatts ?? 0, busy: $0) }
    }
}

extension Instance {
    /// What P1 and P3 minimise on this instance: `problem.objective`, latency when it names none.
    public var tierObjective: TierObjective { problem.objective ?? .latency }
}
