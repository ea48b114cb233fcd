import PartitionModel

/// Shape and cost rules of the arithmetic operators: element-wise maps, MatMul, Gemm,
/// normalisations, Softmax and reductions.
enum MathOps {
    /// FLOPs per output element of the element-wise unary operators (1 for a compare or a max).
    static let unaryFlops: [String: (OpKind, Double)] = [
        "Relu": (.activation, 1), "LeakyRelu": (.activation, 1), "Clip": (.activation, 1), "Sigmoid": (.activation, 4),
        "HardSigmoid": (.activation, 3), "HardSwish": (.activation, 4), "Gelu": (.activation, 8), "Erf": (.activation, 8),
        "Tanh": (.activation, 6), "Elu": (.activation, 4), "Selu": (.activation, 4), "Softplus": (.activation, 4), "Mish": (.activation, 8),
        "Sqrt": (.other, 1), "Exp": (.other, 4), "Log": (.other, 4), "Neg": (.other, 1), "Abs": (.other, 1), "Reciprocal": (.other, 1),
        "Floor": (.other, 1), "Ceil": (.other, 1), "Round": (.other, 1), "Sin": (.other, 4), "Cos": (.other, 4), "Not": (.other, 1),
        "Sign": (.other, 1),
    ]

    /// A unary element-wise operator; Cast, Identity and Dropout move no work.
    static func unary(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        switch n.node.opType {
        case "Identity": return NodeOutcome(x, .other)
        case "Dropout":
            var o = NodeOutcome(x, .dropout)
            if n.node.output.count > 1 { o.outputs.append(.of(x.shape, ONNXElementType.bool)) }
            return o
        case "Cast":
            let to = Int32(clamping: n.int("to", Int(ONNXElementType.float)))
            var values = x.values
            if let v = values, !ONNXElementType.isFloating(to) { values = v.map { $0.rounded(.towardZero) } }
            return NodeOutcome(.of(x.shape, to, values: values), .other)
        default:
            let (op, perElement) = unaryFlops[n.node.opType] ?? (.other, 1)
            var values: [Double]?
            if let v = x.values {
                switch n.node.opType {
                case "Sqrt": values = v.map { $0.squareRoot() }
                case "Neg": values = v.map { -$0 }
                case "Abs": values = v.map { abs($0) }
                case "Floor": values = v.map { $0.rounded(.down) }
                case "Ceil": values = v.map { $0.rounded(.up) }
                case "Relu": values = v.map { max($0, 0) }
                default: values = nil
                }
            }
            return NodeOutcome(x.reshaped(x.shape, values: values), op, flops: perElement * x.elements)
        }
    }

    /// Binary and n-ary element-wise operators with broadcasting; folded on constants.
    static func elementwise(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let xs = n.inputs.compactMap { $0 }
        guard xs.count >= 1 else { throw n.error("needs inputs") }
        let shape = try ShapeMath.checked(try ShapeMath.broadcast(xs.map(\.shape), n.label).map(Double.init), n.label)
        let compare = ["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor"].contains(n.node.opType)
        let type = compare ? ONNXElementType.bool : (n.node.opType == "Where" ? xs.last!.elementType : xs[0].elementType)
        let out = TensorFacts.of(shape, type, values: fold(n.node.opType, xs, count: shape.reduce(1, *)))
        let op: OpKind = n.node.opType == "Add" || n.node.opType == "Sum" ? .add : (n.node.opType == "PRelu" ? .activation : .other)
        return NodeOutcome(out, op, flops: Double(max(xs.count - 1, 1)) * out.elements)
    }

    /// Values of an element-wise operator on constants (scalars broadcast; otherwise equal lengths).
    private static func fold(_ op: String, _ xs: [TensorFacts], count: Int) -> [Double]? {
        guard count <= TensorFacts.maxFoldedElements, xs.allSatisfy({ $0.values != nil }) else { return nil }
        let vs = xs.map { $0.values! }
        guard vs.allSatisfy({ $0.count == 1 || $0.count == count }) else { return nil }
        let integer = xs.allSatisfy { !ONNXElementType.isFloating($0.elementType) }
        func at(_ v: [Double], _ i: Int) -> Double { v.count == 1 ? v[0] : v[i] }
        var out: [Double] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let a = at(vs[0], i), b = vs.count > 1 ? at(vs[1], i) : 0
            switch op {
            case "Add", "Sum": out.append(vs.reduce(0) { $0 + at($1, i) })
            case "Sub": out.append(a - b)
            case "Mul": out.append(a * b)
            case "Div": out.append(integer ? (b == 0 ? 0 : (a / b).rounded(.towardZero)) : a / b)
            case "Max": out.append(vs.map { at($0, i) }.max()!)
            case "Min": out.append(vs.map { at($0, i) }.min()!)
            case "Equal": out.append(a == b ? 1 : 0)
            case "Less": out.append(a < b ? 1 : 0)
            case "Greater": out.append(a > b ? 1 : 0)
            case "Where" where vs.count == 3: out.append(a != 0 ? b : at(vs[2], i))
            case "Mod": out.append(b == 0 ? 0 : a.truncatingRemainder(dividingBy: b))
            default: return nil
            }
        }
        return out
    }

    /// MatMul with numpy semantics (1-D operands promoted, batch dimensions broadcast):
    /// MACs = batch × M × K × N.
    static func matMul(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let a = try n.input(0), b = try n.input(1)
        guard !a.shape.isEmpty, !b.shape.isEmpty else { throw n.error("scalars cannot be multiplied as matrices") }
        let sa = a.shape.count == 1 ? [1] + a.shape : a.shape, sb = b.shape.count == 1 ? b.shape + [1] : b.shape
        let (m, k) = (sa[sa.count - 2], sa[sa.count - 1]), (k2, nn) = (sb[sb.count - 2], sb[sb.count - 1])
        guard k == k2 else { throw n.error("inner dimensions differ: \(a.shape) × \(b.shape)") }
        let batch = try ShapeMath.broadcast([Array(sa.dropLast(2)), Array(sb.dropLast(2))], n.label)
        var shape = batch + [m, nn]
        if a.shape.count == 1 { shape.remove(at: shape.count - 2) }
        if b.shape.count == 1 { shape.removeLast() }
        shape = try ShapeMath.checked(shape.map(Double.init), n.label)
        let macs = batch.reduce(1.0) { $0 * Double($1) } * Double(m) * Double(k) * Double(nn)
        // A product with a weight matrix is a fully connected layer; two activations (attention) are not.
        let op: OpKind = a.isData && b.isData ? .other : .fc
        return NodeOutcome(a.reshaped(shape), op, macs: macs, flops: 2 * macs)
    }

    /// Gemm: A [M, K] (transA), B [K, N] (transB), optional C: MACs = M × K × N.
    static func gemm(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let a = try n.input(0), b = try n.input(1)
        guard a.shape.count == 2, b.shape.count == 2 else { throw n.error("needs 2-D A and B, found \(a.shape) and \(b.shape)") }
        let (m, k) = n.int("transA", 0) != 0 ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, nn) = n.int("transB", 0) != 0 ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == k2 else { throw n.error("inner dimensions differ: \(a.shape) × \(b.shape)") }
        let macs = Double(m) * Double(k) * Double(nn)
        let bias = n.optionalInput(2).map { Double(m) * Double(nn) * ($0.elements > 0 ? 1 : 0) } ?? 0
        return NodeOutcome(a.reshaped([m, nn]), .fc, macs: macs, flops: 2 * macs + bias)
    }

    /// BatchNormalization: 2 FLOPs per value; running mean and variance are buffers, not parameters.
    static func batchNorm(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        var o = NodeOutcome(x.reshaped(x.shape), .batchnorm, flops: 2 * x.elements)
        o.bufferInputs = [3, 4]
        return o
    }

    /// LayerNormalization, InstanceNormalization, LRN: a few FLOPs per value.
    static func normalization(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        switch n.node.opType {
        case "LRN": return NodeOutcome(x.reshaped(x.shape), .lrn, flops: (2 * Double(n.int("size", 5)) + 3) * x.elements)
        default:
            var o = NodeOutcome(x.reshaped(x.shape), .other, flops: 5 * x.elements)
            // LayerNormalization's optional Mean and InvStdDev outputs.
            for _ in 1..<max(n.node.output.count, 1) { o.outputs.append(.of(x.shape, x.elementType)) }
            return o
        }
    }

    /// Softmax / LogSoftmax: 3 FLOPs per value.
    static func softmax(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        return NodeOutcome(x.reshaped(x.shape), .softmax, flops: 3 * x.elements)
    }

    /// ReduceMean/Sum/Max/Min/Prod/L2: axes from the attribute or input 1, keepdims.
    static func reduce(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let r = x.shape.count
        var axes: [Int]
        if let a = n.ints("axes") { axes = a } else if n.optionalInput(1) != nil { axes = try n.constantInts(1, "axes") } else { axes = Array(0..<r) }
        axes = try axes.map { (a) throws(PartitionError) in try ShapeMath.axis(a, rank: r, n.label) }
        if axes.isEmpty && n.int("noop_with_empty_axes", 0) == 0 { axes = Array(0..<r) }
        let keep = n.int("keepdims", 1) != 0
        let shape = x.shape.indices.compactMap { i -> Int? in axes.contains(i) ? (keep ? 1 : nil) : x.shape[i] }
        return NodeOutcome(x.reshaped(shape), .other, flops: x.elements)
    }
}
