/// Writes instances as format-1 JSON, all numbers in SI units.
///
/// Reading the output back with ``InstanceReader`` gives the same instance.
public enum InstanceWriter {
    /// The instance as a JSON document.
    public static func json(_ instance: Instance) -> JSONValue {
        let graph = instance.graph
        var top: [(key: String, value: JSONValue)] = [
            ("format", .int(1)),
            ("name", .string(instance.name)),
        ]
        if !instance.description.isEmpty { top.append(("description", .string(instance.description))) }
        top.append(("model", .object([("layers", .array(graph.layers.map(layerJSON)))])))
        if !instance.tiers.isEmpty || instance.cluster.isEmpty {
            top.append(("tiers", .array(instance.tiers.map { tierJSON($0, graph: graph) })))
        }
        top.append(("links", .array(instance.links.enumerated().map { k, link in
            var pairs: [(key: String, value: JSONValue)] = [
                ("from", .string(instance.tiers[k].name)),
                ("to", .string(instance.tiers[k + 1].name)),
                ("bandwidth", .double(link.bandwidth)),
                ("latency", .double(link.latency)),
            ]
            if link.downlinkBandwidth != link.bandwidth { pairs.append(("downlinkBandwidth", .double(link.downlinkBandwidth))) }
            if let w = link.transmitWatts { pairs.append(("transmitWatts", .double(w))) }
            if let w = link.receiveWatts { pairs.append(("receiveWatts", .double(w))) }
            return .object(pairs)
        })))
        if !instance.cluster.isEmpty {
            top.append(("cluster", clusterJSON(instance.cluster)))
        }
        var problem: [(key: String, value: JSONValue)] = [("kind", .string(instance.problem.kind.rawValue))]
        if let l = instance.problem.layers { problem.append(("layers", .string("\(l.from)..\(l.to)"))) }
        if let m = instance.problem.tilingMode { problem.append(("mode", .string(m.rawValue))) }
        if let l = instance.problem.fcLayer { problem.append(("layer", .string(l))) }
        if let w = instance.problem.weights { problem.append(("weights", weightsJSON(w))) }
        if let r = instance.problem.rate { problem.append(("rate", .double(r))) }
        if let b = instance.problem.resultBytes { problem.append(("resultBytes", .double(b))) }
        if let e = instance.problem.execution { problem.append(("execution", e.json)) }
        if let x = instance.problem.exchangeSeconds { problem.append(("exchangeSeconds", .double(x))) }
        if let s = instance.problem.planSpace { problem.append(("planSpace", .string(s.rawValue))) }
        if let o = instance.problem.objective {
            problem.append(("objective", .string(o.kind.rawValue)))
            if o.kind == .weighted { problem.append(("lambda", .double(o.lambda))) }
            if o.idle { problem.append(("idleEnergy", .bool(true))) }
        }
        if let a = instance.problem.activationMemory { problem.append(("activationMemory", .bool(a))) }
        if let m = instance.problem.bandwidths { problem.append(("bandwidths", .array(m.map { .array($0.map { .double($0) }) }))) }
        top.append(("problem", .object(problem)))
        return .object(top)
    }

    /// The instance as pretty-printed JSON text.
    public static func text(_ instance: Instance) -> String { json(instance).serialized() }

    static func layerJSON(_ layer: Layer) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("id", .string(layer.id)), ("op", .string(layer.op.rawValue))]
        if !layer.inputs.isEmpty { pairs.append(("inputs", .array(layer.inputs.map { .string($0) }))) }
        if !layer.shape.isEmpty { pairs.append(("shape", .array(layer.shape.map { .int($0) }))) }
        pairs.append(("outputBytes", .double(layer.outputBytes)))
        if layer.macs != 0 { pairs.append(("macs", .double(layer.macs))) }
        if layer.flops != 0 { pairs.append(("flops", .double(layer.flops))) }
        if layer.params != 0 { pairs.append(("params", .int(layer.params))) }
        if layer.weightBytes != 0 { pairs.append(("weightBytes", .double(layer.weightBytes))) }
        if let w = layer.window {
            func pair(_ p: (h: Int, w: Int)) -> JSONValue { p.h == p.w ? .int(p.h) : .array([.int(p.h), .int(p.w)]) }
            var wp: [(key: String, value: JSONValue)] = [
                ("kernel", pair(w.kernel)), ("stride", pair(w.stride)), ("padding", pair(w.padding)),
                ("inChannels", .int(w.inChannels)), ("outChannels", .int(w.outChannels)),
            ]
            if w.groups != 1 { wp.append(("groups", .int(w.groups))) }
            if w.dilation != (1, 1) { wp.append(("dilation", pair(w.dilation))) }
            pairs.append(("window", .object(wp)))
        }
        return .object(pairs)
    }

    /// The `"cluster"` array of instance and plan files: name, device, bandwidth (bytes/s), latency (s).
    public static func clusterJSON(_ cluster: [ClusterDevice]) -> JSONValue {
        .array(cluster.map { c in
            .object([("name", .string(c.name)), ("device", deviceJSON(c.device)), ("bandwidth", .double(c.bandwidth)), ("latency", .double(c.latency))])
        })
    }

    /// A device as a JSON object (SI units).
    public static func deviceJSON(_ d: Device) -> JSONValue {
        var dp: [(key: String, value: JSONValue)] = [("name", .string(d.name)), ("flopsPerSecond", .double(d.flopsPerSecond))]
        if !d.flopsPerSecondByOp.isEmpty {
            let ops = OpKind.allCases.compactMap { op in d.flopsPerSecondByOp[op].map { (key: op.rawValue, value: JSONValue.double($0)) } }
            dp.append(("flopsPerSecondByOp", .object(ops)))
        }
        dp.append(("memoryBandwidth", .double(d.memoryBandwidth)))
        if let c = d.memoryCapacity { dp.append(("memoryCapacity", .double(c))) }
        if d.layerOverhead != 0 { dp.append(("layerOverhead", .double(d.layerOverhead))) }
        if let w = d.computeWatts { dp.append(("computeWatts", .double(w))) }
        if let w = d.idleWatts { dp.append(("idleWatts", .double(w))) }
        return .object(dp)
    }

    static func tierJSON(_ tier: Tier, graph: LayerGraph) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("name", .string(tier.name))]
        if let d = tier.device { pairs.append(("device", deviceJSON(d))) }
        if !tier.profile.isEmpty {
            let entries = tier.profile.keys.sorted().map { (key: graph.layers[$0].id, value: JSONValue.double(tier.profile[$0]!)) }
            pairs.append(("profile", .object(entries)))
        }
        return .object(pairs)
    }

    /// The `problem.weights` object of a P5 instance.
    public static func weightsJSON(_ w: WeightSource) -> JSONValue {
        switch w {
        case .file(let path): return .object([("file", .string(path))])
        case .generated(.magnitude(let density), let seed):
            return .object([("generator", .string("magnitude")), ("density", .double(density)), ("seed", .int(Int(seed)))])
        case .generated(.blocks(let count, let density, let noise), let seed):
            return .object([("generator", .string("blocks")), ("blocks", .int(count)), ("density", .double(density)), ("noise", .double(noise)),
                            ("seed", .int(Int(seed)))])
        }
    }
}
