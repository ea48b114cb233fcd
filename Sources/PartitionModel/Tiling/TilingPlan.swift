/// How a cluster executes a tiled block (FORMULATIONS P4).
public enum TilingMode: String, Sendable, CaseIterable {
    /// Each device gets its whole input region once, computes every stage of the block for its
    /// tiles (halo work recomputed) and returns its output tiles (DeepThings FTP, D3 VSM).
    case fused
    /// Every stage's output is partitioned; after each stage the coordinator collects the tiles and
    /// sends every device the input region (halo included) of its next tile (MoDNN, MeDNN).
    case layerwise
}

/// One rectangle of a map and the device that computes it.
public struct DeviceTile: Sendable, Hashable {
    /// The output rectangle.
    public var rect: TileRect
    /// Index into the cluster's devices.
    public var device: Int

    /// Tile `rect` computed by device `device`.
    public init(rect: TileRect, device: Int) {
        self.rect = rect
        self.device = device
    }
}

/// A spatial partition plan: tiles of the block output (fused) or of every stage's output (layer-wise).
public struct TilingPlan: Sendable, Equatable {
    /// Fused or layer-wise execution.
    public var mode: TilingMode
    /// Fused: one partition, of the block's output. Layer-wise: one partition per stage, in order.
    public var partitions: [[DeviceTile]]

    /// A plan in `mode`: one partition of the block output (fused) or one per stage (layer-wise).
    public init(mode: TilingMode, partitions: [[DeviceTile]]) {
        self.mode = mode
        self.partitions = partitions
    }

    /// Devices that compute at least one non-empty tile.
    public var usedDevices: Set<Int> { Set(partitions.flatMap { $0.filter { !$0.rect.isEmpty }.map(\.device) }) }
}

/// Reading and writing tiling plans as JSON.
///
/// `{"format": 1, "kind": "tiling", "mode": "fused", "block": "<first>..<last>", "cluster": [devices],
/// "partitions": [{"stage": "<layer id>", "tiles": [{"rows": [r0, r1], "columns": [c0, c1],
/// "device": "<device name>"}, …]}, …]}`. The block range and the cluster make a plan file
/// self-contained: `dnnpart verify` rebuilds the block from the instance's model and uses the
/// instance's cluster when it has one, else the plan's.
public enum TilingPlanIO {
    /// The plan as a JSON document, with the block range, the cluster and (when not the default) the execution model.
    public static func json(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], execution: TilingExecution = TilingExecution()) -> JSONValue {
        let stageIDs = plan.mode == .fused ? [block.stages.last!.id] : block.stages.map(\.id)
        return .object([
            ("format", .int(1)), ("kind", .string("tiling")), ("mode", .string(plan.mode.rawValue)),
            ("block", .string("\(block.stages.first!.id)..\(block.stages.last!.id)")),
            ("cluster", InstanceWriter.clusterJSON(cluster)),
        ] + (execution.isDefault ? [] : [("execution", execution.json)]) + [
            ("partitions", .array(zip(stageIDs, plan.partitions).map { id, tiles in
                .object([("stage", .string(id)), ("tiles", .array(tiles.map { t in
                    .object([("rows", .array([.int(t.rect.r0), .int(t.rect.r1)])), ("columns", .array([.int(t.rect.c0), .int(t.rect.c1)])),
                             ("device", .string(cluster.indices.contains(t.device) ? cluster[t.device].name : "#\(t.device)"))])
                }))])
            })),
        ])
    }

    /// The execution model a plan document names (`"execution"`, or that of its `"plan"` member); nil without one.
    public static func execution(_ root: JSONCursor) throws(InputError) -> TilingExecution? {
        var c = root
        if let inner = try root.optionalField("plan") { c = inner }
        guard let e = try c.optionalField("execution") else { return nil }
        return try TilingExecution.read(e)
    }

    /// Reads a tiling plan file for `instance`: the block comes from the plan's `"block"` range, the
    /// cluster from the instance (or, when it has none, from the plan).
    public static func read(file path: String, instance: Instance) throws(InputError) -> (TilingPlan, ConvBlock, [ClusterDevice]) {
        try read(JSONCursor.load(file: path), instance: instance)
    }

    /// As ``read(file:instance:)`` for a parsed document.
    public static func read(_ root: JSONCursor, instance: Instance) throws(InputError) -> (TilingPlan, ConvBlock, [ClusterDevice]) {
        var c = root
        if let inner = try root.optionalField("plan") { c = inner }
        let rangeCursor = try c.field("block")
        guard let range = InstanceReader.layerRange(try rangeCursor.string()) else { throw rangeCursor.error("expected \"FIRST..LAST\"") }
        let block: ConvBlock
        do { block = try ConvBlock(graph: instance.graph, from: range.from, to: range.to) } catch {
            throw rangeCursor.error(error.reason)
        }
        // The plan's own cluster (what it was solved for) when it names one, else the instance's.
        var cluster = instance.cluster
        if let cc = try c.optionalField("cluster") {
            cluster = try InstanceReader.readCluster(cc)
            guard !cluster.isEmpty else { throw cc.error("the plan's cluster has no device") }
        } else if cluster.isEmpty {
            throw c.error("the instance has no cluster and the plan names none (\"cluster\")")
        }
        return (try read(root, block: block, cluster: cluster), block, cluster)
    }

    /// Reads a plan (or the `"plan"` member of `dnnpart solve --json` output).
    public static func read(_ root: JSONCursor, block: ConvBlock, cluster: [ClusterDevice]) throws(InputError) -> TilingPlan {
        var c = root
        if let inner = try root.optionalField("plan") { c = inner }
        try c.requireOnlyKeys(["format", "kind", "mode", "block", "cluster", "execution", "partitions"])
        try InstanceReader.checkPlanHeader(c, kind: "tiling")
        let modeCursor = try c.field("mode")
        guard let mode = TilingMode(rawValue: try modeCursor.string()) else { throw modeCursor.error("mode must be fused or layerwise") }
        let expected = mode == .fused ? [block.stages.last!.id] : block.stages.map(\.id)
        let parts = try c.field("partitions").array()
        guard parts.count == expected.count else {
            throw try c.field("partitions").error("\(mode.rawValue) mode needs \(expected.count) partition(s) (\(expected.joined(separator: ", "))), found \(parts.count)")
        }
        var partitions: [[DeviceTile]] = []
        for (p, id) in zip(parts, expected) {
            try p.requireOnlyKeys(["stage", "tiles"])
            let stage = try p.field("stage")
            guard try stage.string() == id else { throw stage.error("expected stage \"\(id)\"") }
            var tiles: [DeviceTile] = []
            for t in try p.field("tiles").array() {
                try t.requireOnlyKeys(["rows", "columns", "device"])
                func range(_ key: String) throws(InputError) -> (Int, Int) {
                    let items = try t.field(key).array()
                    guard items.count == 2 else { throw try t.field(key).error("expected [first, last]") }
                    return (try items[0].nonNegativeInt(maximum: InputLimits.maxMapSide), try items[1].nonNegativeInt(maximum: InputLimits.maxMapSide))
                }
                let (r0, r1) = try range("rows"), (c0, c1) = try range("columns")
                let index = try InstanceReader.clusterDeviceIndex(t.field("device"), in: cluster)
                tiles.append(DeviceTile(rect: TileRect(r0: r0, r1: r1, c0: c0, c1: c1), device: index))
            }
            partitions.append(tiles)
        }
        return TilingPlan(mode: mode, partitions: partitions)
    }
}
