import PartitionModel

/// The work of ``ONNXSplitter``: which nodes, initializers and tensors go into each part.
struct Cutter {
    let model: Onnx_ModelProto
    let imported: ONNXModel
    let assignment: [String: String]

    var graph: Onnx_GraphProto { model.graph }

    func cut() throws(PartitionError) -> ONNXSplit {
        let tierOfNode = try nodeTiers()
        let producer = Dictionary(graph.node.enumerated().flatMap { i, n in n.output.filter { !$0.isEmpty }.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        // Parts in the order of their first node.
        var order: [String] = []
        for i in graph.node.indices { if let t = tierOfNode[i], !order.contains(t) { order.append(t) } }
        let partOfNode = tierOfNode.mapValues { order.firstIndex(of: $0)! }
        let initializers = Dictionary(graph.initializer.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let outputs = graph.output.map(\.name)
        // The parts whose layer nodes read each tensor.
        var readers: [String: Set<Int>] = [:]
        for (i, node) in graph.node.enumerated() { if let k = partOfNode[i] { for t in node.input { readers[t, default: []].insert(k) } } }
        var parts: [SplitPart] = [], transfers: [SplitTransfer] = []
        for (k, tier) in order.enumerated() {
            let own = graph.node.indices.filter { partOfNode[$0] == k }
            let ownSet = Set(own)
            var builder = PartBuilder(cutter: self, producer: producer, initializers: initializers, partOfNode: partOfNode)
            try builder.collect(own)
            // Sent: produced here, read by another part's layer node or a model output.
            let sentOrdered = own.flatMap { graph.node[$0].output }.filter { t in
                !t.isEmpty && (outputs.contains(t) || (readers[t] ?? []).contains { $0 != k })
            }
            for t in builder.received { transfers.append(SplitTransfer(tensor: t, from: producer[t].flatMap { partOfNode[$0] }, to: k, bytes: imported.facts[t]?.bytes ?? 0)) }
            let layers = imported.graph.layers.map(\.id).filter { id in imported.nodesOfLayer[id].map { $0.contains { ownSet.contains($0) } } ?? false }
            parts.append(SplitPart(file: "part\(k)-\(LayerNaming.sanitize(tier)).onnx", tier: tier, layers: layers, inputs: builder.received,
                                   outputs: sentOrdered, model: try builder.model(name: "\(graph.name)_part\(k)", outputs: sentOrdered)))
        }
        return ONNXSplit(parts: parts, transfers: transfers, modelInputs: imported.inputNames, modelOutputs: outputs)
    }

    /// The tier of every node that belongs to a layer, from the plan's layer → tier map.
    func nodeTiers() throws(PartitionError) -> [Int: String] {
        var out: [Int: String] = [:]
        for layer in imported.graph.layers where layer.op != .input {
            guard let tier = assignment[layer.id] else {
                throw PartitionError("the plan does not place layer \"\(layer.id)\" (import the model with the same --fuse and --input-shape as the plan's instance)")
            }
            for n in imported.nodesOfLayer[layer.id] ?? [] { out[n] = tier }
        }
        let known = Set(imported.graph.layers.map(\.id))
        if let stray = assignment.keys.sorted().first(where: { !known.contains($0) }) {
            throw PartitionError("the plan places layer \"\(stray)\", which the imported model does not have")
        }
        return out
    }
}

/// The nodes, initializers and inputs of one part.
struct PartBuilder {
    let cutter: Cutter
    let producer: [String: Int]
    let initializers: [String: Onnx_TensorProto]
    let partOfNode: [Int: Int]
    var nodes: Set<Int> = []
    var constants: [String: Onnx_NodeProto] = [:]
    var copied: [String] = []
    var received: [String] = []

    /// Adds the part's own nodes and whatever constants they need.
    mutating func collect(_ own: [Int]) throws(PartitionError) {
        nodes = Set(own)
        var pending = own
        while let i = pending.popLast() {
            for t in cutter.graph.node[i].input where !t.isEmpty {
                if let extra = try resolve(t) { nodes.insert(extra); pending.append(extra) }
            }
        }
    }

    /// Where tensor `t` comes from: a node of this part (nil), a received tensor, a copied
    /// initializer, a Constant with the folded values, or a constant node brought along (returned).
    mutating func resolve(_ t: String) throws(PartitionError) -> Int? {
        if let p = producer[t], nodes.contains(p) { return nil }
        if received.contains(t) || copied.contains(t) || constants[t] != nil { return nil }
        let facts = cutter.imported.facts[t]
        if let init_ = initializers[t], !(facts?.isData ?? false) { copied.append(init_.name); return nil }
        if facts?.isData ?? true { received.append(t); return nil }
        if let f = facts, let node = Self.constantNode(t, f) { constants[t] = node; return nil }
        guard let p = producer[t] else { throw PartitionError("tensor \"\(t)\" has no producer and is not an initializer") }
        return p
    }

    /// A Constant node holding a folded tensor's values (nil for element types it cannot write).
    static func constantNode(_ name: String, _ f: TensorFacts) -> Onnx_NodeProto? {
        guard let v = f.values, Double(v.count) == f.elements else { return nil }
        var t = Onnx_TensorProto()
        t.dims = f.shape.map { Int64($0) }
        t.dataType = f.elementType
        switch f.elementType {
        case ONNXElementType.int64: t.int64Data = v.map { Int64(min(max($0, -0x1p63), 0x1.fffffffffffffp62)) }
        case ONNXElementType.int32, ONNXElementType.bool: t.int32Data = v.map { Int32(clamping: Int64(min(max($0, -0x1p62), 0x1p62))) }
        case ONNXElementType.float: t.floatData = v.map { Float($0) }
        case ONNXElementType.double: t.doubleData = v
        default: return nil
        }
        var a = Onnx_AttributeProto()
        a.name = "value"
        a.type = .tensor
        a.t = t
        var n = Onnx_NodeProto()
        n.opType = "Constant"
        n.name = "dnnpart_constant_" + name
        n.output = [name]
        n.attribute = [a]
        return n
    }

    /// The part as an ONNX model with the original's IR version and opsets.
    func model(name: String, outputs: [String]) throws(PartitionError) -> Onnx_ModelProto {
        var g = Onnx_GraphProto()
        g.name = name
        g.node = constants.keys.sorted().map { constants[$0]! } + nodes.sorted().map { cutter.graph.node[$0] }
        g.initializer = copied.map { initializers[$0]! }
        g.input = try received.map { (t) throws(PartitionError) in try valueInfo(t) }
        g.output = try outputs.map { (t) throws(PartitionError) in try valueInfo(t) }
        var m = Onnx_ModelProto()
        m.irVersion = cutter.model.irVersion
        m.opsetImport = cutter.model.opsetImport
        m.producerName = "dnnpart split"
        m.graph = g
        return m
    }

    /// A tensor's type and static shape, as the importer inferred them.
    func valueInfo(_ t: String) throws(PartitionError) -> Onnx_ValueInfoProto {
        guard let f = cutter.imported.facts[t] else { throw PartitionError("no shape is known for tensor \"\(t)\"") }
        var v = Onnx_ValueInfoProto()
        v.name = t
        v.type.tensorType.elemType = f.elementType
        v.type.tensorType.shape.dim = f.shape.map { var d = Onnx_TensorShapeProto.Dimension(); d.dimValue = Int64($0); return d }
        return v
    }
}
