/// Reading and writing P6 plans as JSON.
///
/// `{"format": 1, "kind": "channels", "objective": "latency" | "period", "cluster": [devices],
/// "segments": [{"first": "<layer>", "last": "<layer>", "groups": [{"device": "<name>", "first": 0,
/// "count": 2}, …]}, …]}` for a group plan, or `"rows": [{"layer": "<id>", "rows": [r₀, r₁, …]}, …]`
/// (one count per device, in cluster order) for a spatial plan. In a mixed plan a segment gives
/// `"rows"` (its layers' rows, in the same form) instead of `"groups"`. The layer ids let `dnnpart verify`
/// check that the plan belongs to the instance's model; the cluster makes the file
/// self-contained (the instance's cluster is used when the plan names none).
public enum ChannelPlanIO {
    /// The plan as a JSON document, with the cluster and the objective it was judged by.
    public static func json(_ plan: ChannelPlan, network net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool,
                            exchangeSeconds: Double = 0) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("format", .int(1)), ("kind", .string("channels")), ("objective", .string(overlap ? "period" : "latency")),
            ("cluster", InstanceWriter.clusterJSON(cluster)),
        ]
        if exchangeSeconds > 0 { pairs.append(("exchangeSeconds", .double(exchangeSeconds))) }
        func device(_ d: Int) -> JSONValue { .string(cluster.indices.contains(d) ? cluster[d].name : "#\(d)") }
        if let rows = plan.spatialRows {
            let ids = net.spatial?.layers.map(\.id) ?? []
            pairs.append(("rows", .array(rows.enumerated().map { l, r in
                .object([("layer", .string(ids.indices.contains(l) ? ids[l] : "#\(l)")), ("rows", .array(r.map { .int($0) }))])
            })))
        } else {
            pairs.append(("segments", .array(plan.segments.enumerated().map { s, ranges in
                let seg = net.segments.indices.contains(s) ? net.segments[s] : nil
                var item: [(key: String, value: JSONValue)] = [("first", .string(seg?.firstLayer ?? "#\(s)")), ("last", .string(seg?.lastLayer ?? "#\(s)"))]
                if s < plan.segmentRows.count, let rows = plan.segmentRows[s] {
                    let ids = net.spatialSegments.indices.filter { net.spatialSegments[$0] == s }.map { net.spatial?.layers[$0].id ?? "" }
                    item.append(("rows", .array(rows.enumerated().map { i, r in
                        .object([("layer", .string(ids.indices.contains(i) ? ids[i] : "#\(i)")), ("rows", .array(r.map { .int($0) }))])
                    })))
                } else {
                    item.append(("groups", .array(ranges.map { .object([("device", device($0.device)), ("first", .int($0.first)), ("count", .int($0.count))]) })))
                }
                return .object(item)
            })))
        }
        return .object(pairs)
    }

    /// The per-exchange cost a plan document names (`"exchangeSeconds"`, a duration in 0…1e6 s); 0 without one.
    public static func exchangeSeconds(_ root: JSONCursor) throws(InputError) -> Double {
        let c = root.value["plan"] != nil ? try root.field("plan") : root
        guard let f = try c.optionalField("exchangeSeconds") else { return 0 }
        let v = try f.quantity(.duration)
        guard v <= 1e6 else { throw f.error("an exchange cost must be at most 1e6 s, found \(v) s") }
        return v
    }

    /// Whether the document (or its `"plan"` member) is a channel plan.
    public static func isChannelPlan(_ root: JSONCursor) -> Bool {
        (root.value["plan"] ?? root.value)["kind"] == .string("channels")
    }

    /// The plan, the cluster it is judged on, and whether its objective is the overlapped period.
    ///
    /// - Complexity: O(size of the document).
    public static func read(_ root: JSONCursor, network net: ChannelNetwork, instanceCluster: [ClusterDevice]) throws(InputError)
        -> (plan: ChannelPlan, cluster: [ClusterDevice], overlap: Bool) {
        let c = root.value["plan"] != nil ? try root.field("plan") : root
        try c.requireOnlyKeys(["format", "kind", "objective", "exchangeSeconds", "cluster", "segments", "rows"])
        try InstanceReader.checkPlanHeader(c, kind: "channels")
        var overlap = false
        if let o = try c.optionalField("objective") {
            switch try o.string() {
            case "latency": overlap = false
            case "period": overlap = true
            case let other: throw o.error("unknown objective \"\(other)\" (latency or period)")
            }
        }
        let cluster = try c.optionalField("cluster").map { (x) throws(InputError) in try InstanceReader.readCluster(x) } ?? instanceCluster
        guard !cluster.isEmpty else { throw c.error("the instance has no cluster and the plan names none (\"cluster\")") }
        switch (try c.optionalField("segments"), try c.optionalField("rows")) {
        case (nil, nil): throw c.error("a channel plan needs \"segments\" (groups) or \"rows\" (spatial)")
        case (.some, .some): throw c.error("a channel plan has either \"segments\" or \"rows\", not both")
        case let (segments?, nil):
            let items = try segments.array()
            guard items.count == net.segments.count else {
                throw segments.error("the network has \(net.segments.count) segments, the plan \(items.count)")
            }
            var plan: [SegmentSplit] = []
            for (s, item) in items.enumerated() {
                try item.requireOnlyKeys(["first", "last", "groups", "rows"])
                for (key, expected) in [("first", net.segments[s].firstLayer), ("last", net.segments[s].lastLayer)] {
                    if let f = try item.optionalField(key), try f.string() != expected { throw f.error("segment \(s) \(key == "first" ? "starts" : "ends") at \(expected)") }
                }
                switch (try item.optionalField("groups"), try item.optionalField("rows")) {
                case (nil, nil): throw item.error("segment \(s) needs \"groups\" or \"rows\"")
                case (.some, .some): throw item.error("segment \(s) has either \"groups\" or \"rows\", not both")
                case let (groups?, nil):
                    var ranges: [GroupRange] = []
                    for g in try groups.array() {
                        try g.requireOnlyKeys(["device", "first", "count"])
                        ranges.append(GroupRange(device: try InstanceReader.clusterDeviceIndex(g.field("device"), in: cluster), first: try g.field("first").nonNegativeInt(),
                                                 count: try g.field("count").nonNegativeInt()))
                    }
                    plan.append(.groups(ranges))
                case let (nil, rows?):
                    guard let geo = net.spatial else { throw rows.error("the network cannot be split into row strips: \(net.spatialUnavailable ?? "")") }
                    let layers = net.spatialSegments.indices.filter { net.spatialSegments[$0] == s }.map { geo.layers[$0].id }
                    plan.append(.rows(try layerRows(rows, ids: layers)))
                }
            }
            return (ChannelPlan(splits: plan), cluster, overlap)
        case let (nil, rows?):
            guard let geo = net.spatial else { throw rows.error("the network cannot be split into row strips: \(net.spatialUnavailable ?? "")") }
            return (ChannelPlan(spatialRows: try layerRows(rows, ids: geo.layers.map(\.id))), cluster, overlap)
        }
    }

    /// `[{"layer": id, "rows": [r₀, r₁, …]}, …]` for the layers `ids`, in order.
    static func layerRows(_ rows: JSONCursor, ids: [String]) throws(InputError) -> [[Int]] {
        let items = try rows.array()
        guard items.count == ids.count else { throw rows.error("expected rows for \(ids.count) layers, found \(items.count)") }
        var plan: [[Int]] = []
        for (l, item) in items.enumerated() {
            try item.requireOnlyKeys(["layer", "rows"])
            let id = try item.field("layer")
            guard try id.string() == ids[l] else { throw id.error("expected layer \"\(ids[l])\" at position \(l)") }
            plan.append(try item.field("rows").array().map { (x) throws(InputError) in try x.nonNegativeInt() })
        }
        return plan
    }
}
