import PartitionModel

/// Options of an ONNX import.
public struct ONNXImportOptions: Sendable {
    /// Shapes of graph inputs by name, batch included (`["input": [1, 3, 224, 224]]`), for dynamic dimensions.
    public var inputShapes: [String: [Int]]
    /// Fold element-wise activations and BatchNormalization into the layer that produces their input.
    public var fuse: Bool

    /// Options: input shapes for dynamic dimensions, and whether to fuse activations and batch norms.
    public init(inputShapes: [String: [Int]] = [:], fuse: Bool = false) {
        self.inputShapes = inputShapes
        self.fuse = fuse
    }
}

/// An imported model: the layer graph every problem uses, and what a split needs to cut the ONNX file.
public struct ONNXModel: Sendable {
    /// The layer graph (one layer per data node, `input` for the graph's inputs).
    public let graph: LayerGraph
    /// Remarks: defaults taken, opaque layers, approximations.
    public let warnings: [String]
    /// Per layer id, the ONNX nodes (indices into the graph's node list) it stands for.
    public let nodesOfLayer: [String: [Int]]
    /// Per layer id, the ONNX tensors it produces (what crosses a link when the layer's output is sent).
    public let tensorsOfLayer: [String: [String]]
    /// The graph's data inputs (names), in order.
    public let inputNames: [String]
    /// What the importer inferred about every tensor (for cutting the file).
    let facts: [String: TensorFacts]
}

/// Reads ONNX models into layer graphs: own shape inference, MACs and FLOPs per operator,
/// parameters from initializer dimensions (weights are never read, external data need not exist).
///
/// Algorithm: one pass over the nodes in file order (ONNX requires topological order). Each
/// tensor's facts (shape, type, whether it depends on the input, and small constant values) are
/// inferred from its producer's rule in ``OperatorRules``; shape arithmetic on constants is folded
/// so that Reshape targets are known. A node whose outputs depend on the input becomes a layer;
/// the rest are constants. An unsupported operator, or one whose shape cannot be inferred, takes its
/// output shapes from `value_info` when the file gives them (an opaque layer with 0 FLOPs and a
/// warning) and is an error naming the node otherwise.
///
/// - Complexity: O(nodes + tensors), plus the size of the folded constants.
public enum ONNXImporter {
    /// Imports the model at `path`.
    public static func importModel(path: String, options: ONNXImportOptions = ONNXImportOptions()) throws(PartitionError) -> ONNXModel {
        let model = try ONNXFile.read(path)
        do { return try importGraph(model.graph, options: options) } catch {
            throw PartitionError(file: path, path: error.path, reason: error.reason)
        }
    }

    /// The operator types the importer infers itself.
    public static var supportedOperators: [String] { OperatorRules.supported }

    static func importGraph(_ g: Onnx_GraphProto, options: ONNXImportOptions) throws(PartitionError) -> ONNXModel {
        var state = ImportState(options: options)
        try state.readInitializers(g)
        try state.readInputs(g)
        state.readDeclaredShapes(g)
        for (i, node) in g.node.enumerated() { try state.visit(node, index: i) }
        return try state.finish(g)
    }
}

/// The importer's state during the pass over the nodes.
struct ImportState {
    let options: ONNXImportOptions
    var facts: [String: TensorFacts] = [:]
    var declared: [String: [Int]] = [:]
    var warnings: [String] = []
    var inputNames: [String] = []
    /// Per data tensor, the record (index into `records`) that produces it; -1 for a graph input.
    var producer: [String: Int] = [:]
    var records: [LayerRecord] = []
    var counted: Set<String> = []

    init(options: ONNXImportOptions) { self.options = options }

    /// Operators that only copy or rearrange a constant: applied to a weight, their output is that weight.
    static let layoutOps: Set<String> = ["Identity", "Transpose", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Cast", "Split", "Slice"]
    /// Operators that read rows of a constant table or broadcast it.
    static let lookupOps: Set<String> = ["Gather", "GatherElements", "Expand"]

    /// One future layer.
    struct LayerRecord {
        var nodes: [Int]
        var name: String, opType: String
        var outcome: NodeOutcome
        var outputs: [String]
        var inputRecords: [Int]
        var params: Double = 0
        var weightBytes: Double = 0
    }

    mutating func readInitializers(_ g: Onnx_GraphProto) throws(PartitionError) {
        for t in g.initializer { facts[t.name] = try t.facts("initializer \"\(t.name)\"") }
    }

    /// Graph inputs that are not initializers: the model's data inputs, with --input-shape applied.
    mutating func readInputs(_ g: Onnx_GraphProto) throws(PartitionError) {
        let names = g.input.map(\.name).filter { facts[$0] == nil }
        if let name = Set(options.inputShapes.keys).subtracting(names).sorted().first {
            throw PartitionError("--input-shape names \"\(name)\", which is not a graph input (inputs: \(names.joined(separator: ", ")))")
        }
        for v in g.input where facts[v.name] == nil {
            let t = v.type.tensorType
            var dims: [Int]
            if let given = options.inputShapes[v.name] {
                dims = given
            } else {
                dims = try t.shape.dim.enumerated().map { (i, d) throws(PartitionError) -> Int in
                    if case .dimValue(let x)? = d.value, x > 0 { return Int(clamping: x) }
                    let name: String = { if case .dimParam(let p)? = d.value { return p }; return "?" }()
                    guard i == 0 else {
                        throw PartitionError("graph input \"\(v.name)\" has a dynamic dimension \(i) (\"\(name)\"); give --input-shape \(v.name)=" +
                                             t.shape.dim.enumerated().map { (k, d) in
                                                 if case .dimValue(let x)? = d.value, x > 0 { return "\(x)" }
                                                 if k == 0 { return "1" }
                                                 if case .dimParam(let p)? = d.value, !p.isEmpty, !p.contains("x") { return p }
                                                 return "N"
                                             }.joined(separator: "x"))
                    }
                    warnings.append("graph input \"\(v.name)\": dynamic batch dimension \"\(name)\" taken as 1")
                    return 1
                }
            }
            dims = try ShapeMath.checked(dims.map(Double.init), "graph input \"\(v.name)\"")
            facts[v.name] = TensorFacts(shape: dims, elementType: t.hasElemType ? t.elemType : ONNXElementType.float, isData: true, values: nil, source: nil)
            producer[v.name] = -1
            inputNames.append(v.name)
        }
        guard !inputNames.isEmpty else { throw PartitionError("the graph has no data input (every input is an initializer)") }
    }

    /// Shapes the file declares (value_info and graph outputs), fully static ones only.
    mutating func readDeclaredShapes(_ g: Onnx_GraphProto) {
        for v in g.valueInfo + g.output {
            let dims = v.type.tensorType.shape.dim.map { d -> Int? in
                if case .dimValue(let x)? = d.value, x >= 0, x <= Int64(InputLimits.maxDimension) { return Int(x) }
                return nil
            }
            if v.type.tensorType.hasShape, dims.allSatisfy({ $0 != nil }) { declared[v.name] = dims.map { $0! } }
        }
    }

    mutating func visit(_ node: Onnx_NodeProto, index: Int) throws(PartitionError) {
        let inputs = try node.input.map { (name) throws(PartitionError) -> TensorFacts? in
            if name.isEmpty { return nil }
            guard let f = facts[name] else { throw PartitionError("node \"\(node.name)\" (\(node.opType)) reads \"\(name)\", which no earlier node produces") }
            return f
        }
        let view = NodeView(node: node, inputs: inputs, declaredOutputs: node.output.map { declared[$0] })
        var outcome = try infer(view)
        let isData = node.opType != "Shape" && inputs.contains { $0?.isData ?? false }
        for k in outcome.outputs.indices {
            outcome.outputs[k].isData = isData
            if isData { outcome.outputs[k].values = nil }
            // A copy of a weight in another layout is the parameter the layer reads: exporters
            // alias equal-valued initializers through Identity and transpose Linear weights
            // before MatMul (without constant folding).
            if !isData, let weight = inputs.first??.source, k < node.output.count {
                if Self.layoutOps.contains(node.opType) {
                    (outcome.outputs[k].source, outcome.outputs[k].sourceElements) = (node.output[k], outcome.outputs[k].elements)
                } else if Self.lookupOps.contains(node.opType) {
                    // Rows looked up from a table (position embeddings) stand for the whole table.
                    (outcome.outputs[k].source, outcome.outputs[k].sourceElements) = (weight, inputs[0]!.sourceElements)
                }
            }
        }
        for (name, f) in zip(node.output, outcome.outputs) where !name.isEmpty { facts[name] = f }
        guard isData else { return }
        var record = LayerRecord(nodes: [index], name: node.name, opType: node.opType, outcome: outcome, outputs: node.output.filter { !$0.isEmpty },
                                 inputRecords: [])
        for (i, f) in inputs.enumerated() {
            guard let f else { continue }
            if f.isData {
                if let p = producer[node.input[i]], !record.inputRecords.contains(p) { record.inputRecords.append(p) }
            } else if let s = f.source, ONNXElementType.isFloating(f.elementType), f.sourceElements > 1, !counted.contains(s) {
                counted.insert(s)
                record.weightBytes += f.sourceElements * ONNXElementType.bytes(f.elementType)
                if !outcome.bufferInputs.contains(i) { record.params += f.sourceElements }
            }
        }
        for name in record.outputs { producer[name] = records.count }
        records.append(record)
    }

    /// The operator's rule, or the declared output shapes (an opaque layer) when there is no rule or it fails.
    mutating func infer(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        var failure: PartitionError?
        do {
            if let o = try OperatorRules.infer(n) {
                if let w = o.warning { warnings.append("\(n.label): \(w)") }
                return o
            }
        } catch { failure = error }
        let type = n.inputs.compactMap { $0 }.first?.elementType ?? ONNXElementType.float
        guard !n.node.output.isEmpty, n.declaredOutputs.allSatisfy({ $0 != nil }) else {
            if let failure { throw failure }
            throw n.error("operator \(n.node.domain.isEmpty ? "" : n.node.domain + ".")\(n.node.opType) is not supported and value_info gives no shape for its outputs " +
                          "(supported: \(OperatorRules.supported.joined(separator: ", ")))")
        }
        warnings.append("\(n.label): \(failure.map { "shape inference failed (\($0.reason))" } ?? "unsupported operator"); " +
                        "imported as an opaque layer with the value_info shapes and 0 FLOPs")
        return NodeOutcome(outputs: n.declaredOutputs.map { .of($0!, type) }, op: .other)
    }
}
