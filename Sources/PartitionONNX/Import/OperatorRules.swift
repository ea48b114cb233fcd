import PartitionModel

/// The operators the importer infers itself: output shapes, MACs and FLOPs, and the layer kind.
enum OperatorRules {
    static let elementwise: Set<String> = ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Equal", "Less", "Greater",
                                           "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Where", "Mod", "PRelu"]
    static let reductions: Set<String> = ["ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL2", "ReduceL1", "ReduceSumSquare"]
    static let others: Set<String> = ["Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Gemm", "MatMul",
                                      "BatchNormalization", "LayerNormalization", "InstanceNormalization", "LRN", "Softmax", "LogSoftmax",
                                      "Concat", "Split", "Slice", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Pad", "Resize",
                                      "Upsample", "Shape", "Gather", "GatherElements", "ConstantOfShape", "Constant", "Range", "Expand", "Tile",
                                      "Identity", "Dropout", "Cast"]

    /// The supported operator types, sorted (for documentation and messages).
    static var supported: [String] { others.union(elementwise).union(reductions).union(MathOps.unaryFlops.keys).sorted() }

    /// The node's outcome, or nil when the operator is not supported (or not in the default domain).
    static func infer(_ n: NodeView) throws(PartitionError) -> NodeOutcome? {
        guard n.node.domain.isEmpty || n.node.domain == "ai.onnx" else { return nil }
        let op = n.node.opType
        if elementwise.contains(op) { return try MathOps.elementwise(n) }
        if reductions.contains(op) { return try MathOps.reduce(n) }
        if MathOps.unaryFlops[op] != nil { return try MathOps.unary(n) }
        switch op {
        case "Conv": return try WindowOps.conv(n)
        case "ConvTranspose": return try WindowOps.convTranspose(n)
        case "MaxPool": return try WindowOps.pool(n, .maxpool)
        case "AveragePool": return try WindowOps.pool(n, .avgpool)
        case "GlobalAveragePool": return try WindowOps.globalPool(n, .avgpool)
        case "GlobalMaxPool": return try WindowOps.globalPool(n, .maxpool)
        case "Gemm": return try MathOps.gemm(n)
        case "MatMul": return try MathOps.matMul(n)
        case "BatchNormalization": return try MathOps.batchNorm(n)
        case "LayerNormalization", "InstanceNormalization", "LRN": return try MathOps.normalization(n)
        case "Softmax", "LogSoftmax": return try MathOps.softmax(n)
        case "Identity", "Dropout", "Cast": return try MathOps.unary(n)
        case "Concat": return try TensorOps.concat(n)
        case "Split": return try TensorOps.split(n)
        case "Slice": return try TensorOps.slice(n)
        case "Flatten": return try TensorOps.flatten(n)
        case "Reshape": return try TensorOps.reshape(n)
        case "Transpose": return try TensorOps.transpose(n)
        case "Squeeze": return try TensorOps.squeeze(n)
        case "Unsqueeze": return try TensorOps.unsqueeze(n)
        case "Pad": return try TensorOps.pad(n)
        case "Resize", "Upsample": return try TensorOps.resize(n)
        case "Shape": return try TensorOps.shape(n)
        case "Gather": return try TensorOps.gather(n)
        case "GatherElements": return try TensorOps.gatherElements(n)
        case "ConstantOfShape": return try TensorOps.constantOfShape(n)
        case "Constant": return try TensorOps.constant(n)
        case "Range": return try TensorOps.range(n)
        case "Expand": return try TensorOps.expand(n)
        case "Tile": return try TensorOps.tile(n)
        default: return nil
        }
    }
}
