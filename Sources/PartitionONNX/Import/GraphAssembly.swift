import PartitionModel

extension ImportState {
    /// Operators `--fuse` folds into their producer: element-wise activations and BatchNormalization.
    static let fusable: Set<String> = Set(MathOps.unaryFlops.filter { $0.value.0 == .activation }.keys).union(["BatchNormalization", "PRelu"])

    /// The layer graph of the records (after `--fuse`), with ids from the node names.
    mutating func finish(_ g: Onnx_GraphProto) throws(PartitionError) -> ONNXModel {
        let graphOutputs = Set(g.output.map(\.name))
        var consumed = Set<String>()
        for node in g.node { consumed.formUnion(node.input) }
        let alive = options.fuse ? fuse(graphOutputs: graphOutputs) : Array(records.indices)
        let ids = LayerNaming.ids(for: alive.map { (records[$0].name, records[$0].opType, records[$0].outputs.first ?? "") })
        var idOf: [Int: String] = [-1: "input"]
        for (k, r) in alive.enumerated() { idOf[r] = ids[k] }
        var layers = [inputLayer()]
        var nodesOfLayer: [String: [Int]] = [:], tensorsOfLayer: [String: [String]] = ["input": inputNames]
        for (k, r) in alive.enumerated() {
            let rec = records[r]
            // What crosses a link when the layer's output is sent: the outputs read downstream (or the first).
            let read = rec.outputs.filter { consumed.contains($0) || graphOutputs.contains($0) }
            let sent = read.isEmpty ? Array(rec.outputs.prefix(1)) : read
            let bytes = sent.reduce(0.0) { $0 + (facts[$1]?.bytes ?? 0) }
            let o = rec.outcome
            layers.append(Layer(id: ids[k], op: o.op, inputs: rec.inputRecords.map { idOf[$0]! }, shape: Self.layerShape(o.outputs.first?.shape ?? []),
                                outputBytes: bytes, macs: o.macs, flops: o.flops, params: Int(rec.params), weightBytes: rec.weightBytes,
                                window: o.window))
            nodesOfLayer[ids[k]] = rec.nodes
            tensorsOfLayer[ids[k]] = sent
        }
        let graph: LayerGraph
        do { graph = try LayerGraph(layers: layers) } catch {
            throw PartitionError("the imported graph is not valid: \(error.reason)")
        }
        return ONNXModel(graph: graph, warnings: warnings, nodesOfLayer: nodesOfLayer, tensorsOfLayer: tensorsOfLayer, inputNames: inputNames,
                         facts: facts)
    }

    /// The one input layer: every data input of the graph (a warning when there are several).
    mutating func inputLayer() -> Layer {
        let inputs = inputNames.map { facts[$0]! }
        if inputNames.count > 1 {
            warnings.append("the graph has \(inputNames.count) inputs (\(inputNames.joined(separator: ", "))); one input layer carries them all")
        }
        return Layer(id: "input", op: .input, inputs: [], shape: Self.layerShape(inputs[0].shape), outputBytes: inputs.reduce(0) { $0 + $1.bytes })
    }

    /// A layer's shape: the tensor's without a leading batch dimension of 1; empty for a tensor with a zero dimension.
    static func layerShape(_ s: [Int]) -> [Int] {
        if s.contains(0) { return [] }
        return s.count >= 2 && s[0] == 1 ? Array(s.dropFirst()) : s
    }

    /// Folds each fusable record into its producer when the producer feeds nothing else; returns the records left, in order.
    mutating func fuse(graphOutputs: Set<String>) -> [Int] {
        var into = Array(records.indices)
        func resolve(_ r: Int) -> Int { r < 0 ? r : (into[r] == r ? r : resolve(into[r])) }
        var consumers = [Int](repeating: 0, count: records.count)
        for r in records { for p in r.inputRecords where p >= 0 { consumers[p] += 1 } }
        for (i, r) in records.enumerated() { if r.outputs.contains(where: graphOutputs.contains) { consumers[i] += 1 } }
        for r in records.indices {
            let rec = records[r]
            guard Self.fusable.contains(rec.opType), rec.inputRecords.count == 1 else { continue }
            let p = resolve(rec.inputRecords[0])
            guard p >= 0, consumers[p] == 1, records[p].outputs.count == 1 else { continue }
            records[p].nodes += rec.nodes
            records[p].outcome.flops += rec.outcome.flops
            records[p].outcome.outputs = rec.outcome.outputs
            records[p].params += rec.params
            records[p].weightBytes += rec.weightBytes
            records[p].outputs = rec.outputs
            consumers[p] = consumers[r]
            into[r] = p
        }
        for r in records.indices { records[r].inputRecords = records[r].inputRecords.map(resolve).reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }
        return records.indices.filter { into[$0] == $0 }
    }
}
