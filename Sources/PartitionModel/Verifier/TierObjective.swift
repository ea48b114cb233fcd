/// What a tier-chain plan (P1, P3) minimises: latency, the energy of the tiers with power figures, or a weighted sum.
///
/// Energy of tier k for one frame (joules): computeWatts_k × its compute seconds + the transmit
/// watts of link k × its uplink seconds + the receive watts of link k × its downlink seconds and,
/// with `idle`, idleWatts_k × the rest of the frame's latency (while the other tiers compute and
/// the other links carry data). Tiers and links without a figure add nothing, so a mains-powered
/// cloud costs no energy. `weighted` is latency + λ·energy, λ in seconds per joule.
public struct TierObjective: Sendable, Equatable {
    /// Which quantity.
    public enum Kind: String, Sendable, CaseIterable {
        /// Seconds of one frame (P1, P3).
        case latency
        /// Joules of one frame over the tiers with power figures.
        case energy
        /// latency + λ·energy.
        case weighted
    }

    /// The quantity minimised.
    public var kind: Kind
    /// λ of the weighted objective, seconds per joule (0 otherwise).
    public var lambda: Double
    /// Whether a tier's idle power counts while it waits.
    public var idle: Bool

    /// An objective; λ matters only for `weighted`.
    public init(_ kind: Kind = .latency, lambda: Double = 0, idle: Bool = false) {
        self.kind = kind
        self.lambda = lambda
        self.idle = idle
    }

    /// Latency, the default.
    public static let latency = TierObjective()

    /// The objective's value for a plan of `latency` seconds and `energy` joules.
    public func value(latency: Double, energy: Double) -> Double {
        switch kind {
        case .latency: return latency
        case .energy: return energy
        case .weighted: return latency + lambda * energy
        }
    }

    /// How the objective reads in tables: "latency", "energy", "latency + 0.5 s/J × energy".
    public var label: String {
        switch kind {
        case .latency, .energy: return kind.rawValue
        case .weighted: return "latency + \(lambda) s/J × energy"
        }
    }
}
