import PartitionModel

/// One ONNX node with the facts of its inputs, and typed access to its attributes; errors name the node.
struct NodeView {
    let node: Onnx_NodeProto
    /// Facts of each input, nil for an omitted optional input (`""`).
    let inputs: [TensorFacts?]
    /// The value_info shapes of the node's outputs (nil where the file gives none).
    let declaredOutputs: [[Int]?]

    /// `node "/layer1/layer1.0/conv1/Conv" (Conv)`, for messages.
    var label: String { "node \"\(node.name.isEmpty ? node.output.first ?? "?" : node.name)\" (\(node.opType))" }

    /// An error about this node.
    func error(_ reason: String) -> PartitionError { PartitionError("\(label): \(reason)") }

    /// The required input `i`.
    func input(_ i: Int) throws(PartitionError) -> TensorFacts {
        guard i < inputs.count, let f = inputs[i] else { throw error("input \(i) is missing") }
        return f
    }

    /// The optional input `i` (nil when omitted).
    func optionalInput(_ i: Int) -> TensorFacts? { i < inputs.count ? inputs[i] : nil }

    /// The integer values of input `i`, which must be a constant the importer could fold.
    func constantInts(_ i: Int, _ what: String) throws(PartitionError) -> [Int] {
        guard let v = try input(i).integers else {
            throw error("\(what) (input \(i)) is not a constant; give the model static shapes (--input-shape) or value_info")
        }
        return v
    }

    /// The attribute `name`, if present.
    func attribute(_ name: String) -> Onnx_AttributeProto? { node.attribute.first { $0.name == name } }

    /// An integer attribute.
    func int(_ name: String, _ fallback: Int) -> Int {
        guard let a = attribute(name) else { return fallback }
        return Int(clamping: a.i)
    }

    /// An integer-list attribute (nil when absent).
    func ints(_ name: String) -> [Int]? { attribute(name).map { $0.ints.map { Int(clamping: $0) } } }

    /// A float attribute.
    func float(_ name: String, _ fallback: Double) -> Double { attribute(name).map { Double($0.f) } ?? fallback }

    /// A string attribute.
    func string(_ name: String, _ fallback: String) -> String {
        attribute(name).map { String(decoding: $0.s, as: UTF8.self) } ?? fallback
    }
}

/// What one node computes, as the importer records it.
struct NodeOutcome {
    /// Facts of the node's outputs (shape, type, and values when folded); `isData` is set by the importer.
    var outputs: [TensorFacts]
    /// The layer kind when the node becomes a layer.
    var op: OpKind
    /// Multiply–accumulates per sample.
    var macs: Double = 0
    /// Floating-point operations.
    var flops: Double = 0
    /// Window geometry of 2-D conv and pool layers.
    var window: WindowGeometry? = nil
    /// Inputs that are buffers, not parameters (BatchNormalization's running mean and variance).
    var bufferInputs: Set<Int> = []
    /// A remark for the user (an approximation made).
    var warning: String? = nil

    /// One output like `facts`, with `op`.
    init(_ facts: TensorFacts, _ op: OpKind, macs: Double = 0, flops: Double = 0, window: WindowGeometry? = nil) {
        self.outputs = [facts]
        self.op = op
        self.macs = macs
        self.flops = flops
        self.window = window
    }

    /// Several outputs.
    init(outputs: [TensorFacts], op: OpKind, flops: Double = 0) {
        self.outputs = outputs
        self.op = op
        self.flops = flops
    }
}

extension TensorFacts {
    /// A tensor of `shape` and `type` (values nil, not data: the importer sets both).
    static func of(_ shape: [Int], _ type: Int32, values: [Double]? = nil) -> TensorFacts {
        TensorFacts(shape: shape, elementType: type, isData: false, values: values, source: nil)
    }

    /// This tensor with another shape (same type), keeping values only when given.
    func reshaped(_ shape: [Int], values: [Double]? = nil) -> TensorFacts { .of(shape, elementType, values: values) }
}
