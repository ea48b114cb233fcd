/// How a tiled block runs on its cluster: the options of the P4 cost model that the papers' systems differ in.
///
/// The default is the documented P4 model: a coordinator outside the cluster sends each tile's
/// input region and receives its output (two messages, each costing the device's per-message
/// delay), compute and transfers of a tile follow one another, nothing is charged per phase, and
/// compute time is FLOPs over speed. Each option changes one of these:
/// - ``coordinatorComputes`` — device 0 is the coordinator and computes tiles too; its tiles move
///   no data (MeDNN's master device, MeDNN §4; DeepThings' gateway also runs partitions).
/// - ``overlap`` — a tile's transfers overlap its computation (streamed in chunks), so a tile takes
///   max(compute, transfer) instead of their sum (MoDNN's and DeepThings' pipelined transfers).
/// - ``phaseSeconds`` — a fixed cost per exchange phase (one synchronisation per stage in
///   layer-wise mode, one in fused mode), separate from bytes over bandwidth.
/// - ``memoryAccess`` — MeDNN's memory term: each tile also spends (input region + output tile +
///   weights) bytes / the device's memory bandwidth.
/// - ``peerToPeer`` — layer-wise mode: after the first stage, a device gets the halo rows and
///   columns it needs straight from the devices that computed them, and keeps its own output; only
///   the last stage's outputs go back to the coordinator (DeepThings' and D3's edge nodes exchange
///   data among themselves). A device's stage then takes compute plus all it receives and sends
///   (or the larger of the two with overlap). Fused tiles exchange nothing, so it changes nothing there.
///
/// Every option is a property of one tile on one device or a constant per phase, so the exact grid
/// search stays exact under each of them.
public struct TilingExecution: Sendable, Equatable, CustomStringConvertible {
    /// Device 0 is the coordinator and computes; its tiles move no data.
    public var coordinatorComputes = false
    /// A tile's transfers overlap its compute: the tile takes max(compute, transfer).
    public var overlap = false
    /// Seconds per exchange phase (synchronisation), ≥ 0.
    public var phaseSeconds = 0.0
    /// Add the memory-access time (bytes touched / memory bandwidth) to each tile's compute.
    public var memoryAccess = false
    /// Layer-wise: halos move between the devices directly instead of through the coordinator.
    public var peerToPeer = false

    /// The documented P4 model (every option off).
    public init(coordinatorComputes: Bool = false, overlap: Bool = false, phaseSeconds: Double = 0, memoryAccess: Bool = false,
                peerToPeer: Bool = false) {
        self.coordinatorComputes = coordinatorComputes
        self.overlap = overlap
        self.phaseSeconds = phaseSeconds
        self.memoryAccess = memoryAccess
        self.peerToPeer = peerToPeer
    }

    /// Whether every option is off.
    public var isDefault: Bool { self == TilingExecution() }

    /// The options that are on, in words ("relaying coordinator, no overlap" when none is).
    public var description: String {
        var on: [String] = []
        if coordinatorComputes { on.append("coordinator computes") }
        if overlap { on.append("overlap") }
        if phaseSeconds > 0 { on.append("\(UnitFormat.duration(phaseSeconds)) per phase") }
        if memoryAccess { on.append("memory access") }
        if peerToPeer { on.append("peer-to-peer halos") }
        return on.isEmpty ? "relaying coordinator, no overlap" : on.joined(separator: ", ")
    }

    /// These options without the per-phase cost (what one phase's search compares).
    public var withoutPhaseCost: TilingExecution {
        var e = self
        e.phaseSeconds = 0
        return e
    }
}

extension TilingExecution {
    /// `{"coordinatorComputes", "overlap", "phaseSeconds", "memoryAccess", "peerToPeer"}` (SI seconds).
    public var json: JSONValue {
        .object([("coordinatorComputes", .bool(coordinatorComputes)), ("overlap", .bool(overlap)),
                 ("phaseSeconds", .double(phaseSeconds)), ("memoryAccess", .bool(memoryAccess)), ("peerToPeer", .bool(peerToPeer))])
    }

    /// Reads the object ``json`` writes; every key is optional (off, 0), unknown keys are refused,
    /// `phaseSeconds` is a duration in 0…1e6 s (a number of seconds or a string with a unit).
    public static func read(_ c: JSONCursor) throws(InputError) -> TilingExecution {
        try c.requireOnlyKeys(["coordinatorComputes", "overlap", "phaseSeconds", "memoryAccess", "peerToPeer"])
        var e = TilingExecution()
        if let f = try c.optionalField("coordinatorComputes") { e.coordinatorComputes = try f.bool() }
        if let f = try c.optionalField("overlap") { e.overlap = try f.bool() }
        if let f = try c.optionalField("memoryAccess") { e.memoryAccess = try f.bool() }
        if let f = try c.optionalField("peerToPeer") { e.peerToPeer = try f.bool() }
        if let f = try c.optionalField("phaseSeconds") {
            let v = try f.quantity(.duration)
            guard v <= 1e6 else { throw f.error("a phase cost must be at most 1e6 s, found \(v) s") }
            e.phaseSeconds = v
        }
        return e
    }
}
