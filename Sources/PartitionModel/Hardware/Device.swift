/// A compute device: how fast it computes, how fast it moves memory, how much it holds.
///
/// Speeds are *effective* figures (what a framework achieves on the op, not
/// the datasheet peak); ``docs/cost-model.md`` explains how they enter the
/// cost model and ``docs/profiles.md`` how presets were calibrated.
public struct Device: Sendable, Equatable {
    /// A display name.
    public var name: String
    /// Effective compute throughput in FLOP/s for ops without an entry in ``flopsPerSecondByOp``.
    public var flopsPerSecond: Double
    /// Effective FLOP/s per op kind (conv kernels are usually faster than fc ones, for instance).
    public var flopsPerSecondByOp: [OpKind: Double]
    /// Effective memory bandwidth in bytes/s.
    public var memoryBandwidth: Double
    /// Memory available for inference in bytes (`nil`: unlimited).
    public var memoryCapacity: Double?
    /// Fixed cost per layer in seconds (kernel launch, framework dispatch).
    public var layerOverhead: Double
    /// Watts the device draws while it computes (`nil`: no figure; its energy is not counted).
    public var computeWatts: Double?
    /// Watts the device draws while it waits for another tier (counted with the idle option).
    public var idleWatts: Double?

    /// A device: its default speed in FLOP/s, per-op speeds that override it, memory bandwidth (bytes/s), capacity (bytes) and per-layer overhead (s).
    public init(name: String, flopsPerSecond: Double, flopsPerSecondByOp: [OpKind: Double] = [:],
                memoryBandwidth: Double, memoryCapacity: Double? = nil, layerOverhead: Double = 0,
                computeWatts: Double? = nil, idleWatts: Double? = nil) {
        self.name = name
        self.flopsPerSecond = flopsPerSecond
        self.flopsPerSecondByOp = flopsPerSecondByOp
        self.memoryBandwidth = memoryBandwidth
        self.memoryCapacity = memoryCapacity
        self.layerOverhead = layerOverhead
        self.computeWatts = computeWatts
        self.idleWatts = idleWatts
    }

    /// Effective FLOP/s for `op`.
    public func flopsPerSecond(for op: OpKind) -> Double {
        flopsPerSecondByOp[op] ?? flopsPerSecond
    }
}

/// A tier of the system (device, edge, cloud): a device and optional measured layer times.
public struct Tier: Sendable, Equatable {
    /// A display name.
    public var name: String
    /// The hardware, used to estimate layers without a measured time. `nil` when every layer is profiled.
    public var device: Device?
    /// Measured seconds per layer index (overrides the estimate for those layers).
    public var profile: [Int: Double]

    /// A tier running on `device` (nil: only measured layers can run there), with measured seconds per layer index in `profile`.
    public init(name: String, device: Device?, profile: [Int: Double] = [:]) {
        self.name = name
        self.device = device
        self.profile = profile
    }
}

/// The link between tier `k` and tier `k + 1`.
///
/// Sending `d` bytes up the link takes `latency + d / bandwidth` seconds
/// (FORMULATIONS: `tt(v) = rtt + d_v / B`).
public struct NetworkLink: Sendable, Equatable {
    /// Uplink (towards the cloud) bandwidth in bytes/s.
    public var bandwidth: Double
    /// Fixed time per transfer in seconds (round trip, wake-up).
    public var latency: Double
    /// Downlink bandwidth in bytes/s for returning results (defaults to ``bandwidth``).
    public var downlinkBandwidth: Double
    /// Watts the lower tier's radio draws while it sends up this link (`nil`: not counted).
    public var transmitWatts: Double?
    /// Watts the lower tier's radio draws while it receives the result down this link (`nil`: not counted).
    public var receiveWatts: Double?

    /// A link: uplink `bandwidth` in bytes/s, `latency` per transfer in seconds, and a downlink bandwidth that defaults to the uplink's.
    public init(bandwidth: Double, latency: Double = 0, downlinkBandwidth: Double? = nil, transmitWatts: Double? = nil, receiveWatts: Double? = nil) {
        self.bandwidth = bandwidth
        self.latency = latency
        self.downlinkBandwidth = downlinkBandwidth ?? bandwidth
        self.transmitWatts = transmitWatts
        self.receiveWatts = receiveWatts
    }

    /// Seconds to send `bytes` up the link.
    public func uplinkSeconds(_ bytes: Double) -> Double { latency + bytes / bandwidth }
    /// Seconds to send `bytes` down the link.
    public func downlinkSeconds(_ bytes: Double) -> Double { latency + bytes / downlinkBandwidth }
}
