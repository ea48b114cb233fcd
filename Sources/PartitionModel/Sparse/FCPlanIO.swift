/// Reading and writing P5 plans as JSON.
///
/// `{"kind": "fc", "layer": "fc6", "weights": {...}, "cluster": {"names", "speeds", "bandwidths",
/// "bytesPerValue"}, "rowOwner": [...], "columnOwner": [...], "partialSums": [[d, e], ...]}`.
/// The plan carries the weights' source and the devices, so `dnnpart verify` rebuilds the
/// exact matrix and cluster it was solved for. Devices are numbered from 0.
public enum FCPlanIO {
    /// The plan as a JSON document that carries its layer, its weights' source and its cluster.
    public static func json(_ p: FCPartition, problem: FCProblem, weights: WeightSource) -> JSONValue {
        .object([
            ("format", .int(1)),
            ("kind", .string("fc")),
            ("layer", .string(problem.layer)),
            ("weights", InstanceWriter.weightsJSON(weights)),
            ("cluster", .object([
                ("names", .array(problem.cluster.names.map { .string($0) })),
                ("speeds", .array(problem.cluster.speeds.map { .double($0) })),
                ("bandwidths", .array(problem.cluster.bandwidths.map { .double($0) })),
                ("bytesPerValue", .double(problem.cluster.bytesPerValue)),
            ])),
            ("rowOwner", .array(p.rowOwner.map { .int($0) })),
            ("columnOwner", .array(p.columnOwner.map { .int($0) })),
            ("partialSums", .array(p.partialSums.map { .array([.int($0.rowDevice), .int($0.columnDevice)]) })),
        ])
    }

    /// Whether the document (or its `"plan"` member) is an FC plan.
    public static func isFCPlan(_ root: JSONCursor) -> Bool {
        (root.value["plan"] ?? root.value)["kind"] == .string("fc")
    }

    /// The plan and what it was solved for: layer, weights and devices.
    ///
    /// - Complexity: O(m + n + k + groups).
    public static func read(_ root: JSONCursor) throws(InputError) -> (plan: FCPartition, layer: String, weights: WeightSource, cluster: FCCluster) {
        let c = root.value["plan"] != nil ? try root.field("plan") : root
        try c.requireOnlyKeys(["format", "kind", "layer", "weights", "cluster", "rowOwner", "columnOwner", "partialSums"])
        try InstanceReader.checkPlanHeader(c, kind: "fc")
        let layer = try c.field("layer").string()
        guard let weights = try InstanceReader.readWeights(c.field("weights")) else { throw try c.field("weights").error("missing weights") }
        let cc = try c.field("cluster")
        try cc.requireOnlyKeys(["names", "speeds", "bandwidths", "bytesPerValue"])
        let names = try cc.field("names").array().map { (x) throws(InputError) in try x.string() }
        guard (1...InputLimits.maxDevices).contains(names.count) else {
            throw try cc.field("names").error("a cluster has 1...\(InputLimits.maxDevices) devices, found \(names.count)")
        }
        let speeds = try cc.field("speeds").array().map { (x) throws(InputError) in try x.double() }
        let bandwidths = try cc.field("bandwidths").array().map { (x) throws(InputError) in try x.double() }
        let cluster = FCCluster(names: names, speeds: speeds, bandwidths: bandwidths, bytesPerValue: try cc.field("bytesPerValue").double())
        if let why = cluster.problem { throw cc.error(why) }
        func owners(_ key: String) throws(InputError) -> [Int] {
            try c.field(key).array().map { (x) throws(InputError) in try x.nonNegativeInt() }
        }
        var groups: [FCGroup] = []
        if let ps = try c.optionalField("partialSums") {
            for g in try ps.array() {
                let pair = try g.array()
                guard pair.count == 2 else { throw g.error("expected [row device, column device]") }
                groups.append(FCGroup(rowDevice: try pair[0].nonNegativeInt(), columnDevice: try pair[1].nonNegativeInt()))
            }
        }
        return (FCPartition(rowOwner: try owners("rowOwner"), columnOwner: try owners("columnOwner"), partialSums: groups), layer, weights, cluster)
    }
}
