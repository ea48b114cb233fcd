/// Reading and writing P7 plans as JSON.
///
/// `{"format": 1, "kind": "pipeline", "objective": "period" | "latency", "cluster": [devices],
/// "bandwidths": [[B/s]]?, "activationMemory": bool?, "stages": [{"device": "<name>", "first": "<layer>",
/// "last": "<layer>"}, …]}`: each stage runs the layers from `first` to `last` in the graph's
/// topological order. The cluster and bandwidths make the file self-contained (the instance's are
/// used when the plan names none).
public enum PipelinePlanIO {
    /// The plan as a JSON document, with the problem's devices, links and objective.
    public static func json(_ plan: PipelinePlan, problem p: PipelineProblem) -> JSONValue {
        let order = plan.order.map { $0.count == p.order.count && $0.allSatisfy(p.graph.layers.indices.contains) ? $0 : p.order } ?? p.order
        func id(_ position: Int) -> JSONValue { .string(order.indices.contains(position) ? p.graph.layers[order[position]].id : "#\(position)") }
        var pairs: [(key: String, value: JSONValue)] = [
            ("format", .int(1)), ("kind", .string("pipeline")), ("objective", .string(p.objective.rawValue)),
            ("cluster", InstanceWriter.clusterJSON(p.devices)),
            ("bandwidths", .array(p.bandwidth.map { .array($0.map { .double($0) }) })),
        ]
        if p.activationMemory { pairs.append(("activationMemory", .bool(true))) }
        if plan.order != nil { pairs.append(("order", .array(order.map { .string(p.graph.layers[$0].id) }))) }
        pairs.append(("stages", .array(plan.stages.map { st in
            .object([("device", .string(p.devices.indices.contains(st.device) ? p.devices[st.device].name : "#\(st.device)")),
                     ("first", id(st.first)), ("last", id(st.last))])
        })))
        return .object(pairs)
    }

    /// Whether the document (or its `"plan"` member) is a pipeline plan.
    public static func isPipelinePlan(_ root: JSONCursor) -> Bool {
        (root.value["plan"] ?? root.value)["kind"] == .string("pipeline")
    }

    /// The problem the plan is judged on (its devices, links and objective on `graph`) and the plan.
    ///
    /// - Complexity: O(size of the document + V).
    public static func read(_ root: JSONCursor, graph: LayerGraph, instanceCluster: [ClusterDevice], instanceBandwidths: [[Double]]?,
                            name: String) throws(InputError) -> (problem: PipelineProblem, plan: PipelinePlan) {
        let c = root.value["plan"] != nil ? try root.field("plan") : root
        try c.requireOnlyKeys(["format", "kind", "objective", "cluster", "bandwidths", "activationMemory", "order", "stages"])
        try InstanceReader.checkPlanHeader(c, kind: "pipeline")
        var objective = PipelineProblem.Objective.period
        if let o = try c.optionalField("objective") {
            guard let v = PipelineProblem.Objective(rawValue: try o.string()) else { throw o.error("objective must be period or latency") }
            objective = v
        }
        let cluster = try c.optionalField("cluster").map { (x) throws(InputError) in try InstanceReader.readCluster(x) } ?? instanceCluster
        guard !cluster.isEmpty else { throw c.error("the instance has no cluster and the plan names none (\"cluster\")") }
        var bandwidths = instanceBandwidths
        if let m = try c.optionalField("bandwidths") {
            let rows = try m.array()
            guard rows.count == cluster.count else { throw m.error("\(rows.count) rows for \(cluster.count) devices") }
            var matrix: [[Double]] = []
            for r in rows {
                let cells = try r.array()
                guard cells.count == cluster.count else { throw r.error("\(cells.count) entries for \(cluster.count) devices") }
                matrix.append(try cells.map { (x) throws(InputError) in try x.quantity(.bandwidth, allowZero: false) })
            }
            bandwidths = matrix
        }
        if let b = bandwidths, b.count != cluster.count { throw c.error("the bandwidth matrix has \(b.count) rows for \(cluster.count) devices") }
        let activation = try c.optionalField("activationMemory")?.bool() ?? false
        let problem = PipelineProblem(graph: graph, devices: cluster, bandwidth: bandwidths, objective: objective, activationMemory: activation, name: name)
        var order: [Int]?
        if let o = try c.optionalField("order") {
            var seen = Set<Int>(), list: [Int] = []
            for item in try o.array() {
                guard let v = graph.index[try item.string()] else { throw item.error("unknown layer \"\(try item.string())\"") }
                guard seen.insert(v).inserted else { throw item.error("layer \"\(try item.string())\" appears twice") }
                list.append(v)
            }
            guard list.count == graph.count else { throw o.error("the order lists \(list.count) layers, the network has \(graph.count)") }
            order = list
        }
        var position = [String: Int]()
        for (i, v) in (order ?? problem.order).enumerated() { position[graph.layers[v].id] = i }
        var stages: [PipelinePlan.Stage] = []
        for s in try c.field("stages").array() {
            try s.requireOnlyKeys(["device", "first", "last"])
            let d = try InstanceReader.clusterDeviceIndex(s.field("device"), in: cluster)
            func at(_ key: String) throws(InputError) -> Int {
                let f = try s.field(key)
                guard let p = position[try f.string()] else { throw f.error("unknown layer \"\(try f.string())\"") }
                return p
            }
            stages.append(PipelinePlan.Stage(device: d, first: try at("first"), last: try at("last")))
        }
        return (problem, PipelinePlan(stages: stages, order: order))
    }
}
