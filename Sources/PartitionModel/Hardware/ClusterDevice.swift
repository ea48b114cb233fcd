/// A device of a cluster that splits a layer's feature maps (FORMULATIONS P4): its compute, its
/// memory, and its link to the coordinator.
public struct ClusterDevice: Sendable, Equatable {
    /// The device's name in the cluster, unique.
    public var name: String
    /// Compute speed (per-op FLOP/s) and memory capacity; the memory bandwidth is not used by P4.
    public var device: Device
    /// Bandwidth of the device's link to the coordinator, bytes/s.
    public var bandwidth: Double
    /// Fixed cost per message, seconds (MoDNN's wake-up time).
    public var latency: Double

    /// A device of a cluster with its link: `bandwidth` in bytes/s, `latency` per message in seconds.
    public init(name: String, device: Device, bandwidth: Double, latency: Double = 0) {
        self.name = name
        self.device = device
        self.bandwidth = bandwidth
        self.latency = latency
    }
}
