/// Turns seconds into integer capacities and back.
///
/// The unit is chosen per network so that the finite capacities add up to
/// about 2^50 units: `unitSeconds = Σ finite seconds / 2^50`. Rounding each
/// capacity moves a cut by at most half a unit per arc, so a cut value is
/// within `arcs · unitSeconds / 2` of its exact value in seconds: a relative
/// error below `arcs · 2^-51` (4.4e-10 for a million arcs). "Infinity" is
/// ``FlowNetwork/maxCapacity`` (2^60), far above every finite cut.
public struct CapacityScale: Sendable {
    /// Seconds per capacity unit.
    public let unitSeconds: Double
    /// The capacity standing for "never cut".
    public let infinity: Int64 = FlowNetwork.maxCapacity

    /// A scale for finite costs adding up to `totalSeconds`.
    public init(totalSeconds: Double) {
        unitSeconds = totalSeconds > 0 && totalSeconds.isFinite ? totalSeconds / 0x1p50 : 1e-12
    }

    /// `seconds` in units, rounded to the nearest integer.
    @inline(__always)
    public func capacity(_ seconds: Double) -> Int64 { Int64((seconds / unitSeconds).rounded()) }

    /// Units back to seconds.
    public func seconds(_ units: Int64) -> Double { Double(units) * unitSeconds }
}
