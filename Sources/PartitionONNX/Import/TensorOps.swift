import PartitionModel

/// Shape rules of the operators that move or reshape data, with constant folding of the shape
/// arithmetic exporters write (Shape → Gather → Unsqueeze → Concat → Reshape).
enum TensorOps {
    /// Values carried through when the input is a folded constant.
    private static func carry(_ x: TensorFacts, _ shape: [Int], _ values: [Double]?) -> TensorFacts {
        x.reshaped(shape, values: values)
    }

    /// Concat along `axis`.
    static func concat(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let xs = n.inputs.compactMap { $0 }
        guard let first = xs.first else { throw n.error("needs at least one input") }
        let axis = try ShapeMath.axis(n.int("axis", 0), rank: first.shape.count, n.label)
        var shape = first.shape
        for x in xs.dropFirst() {
            guard x.shape.count == shape.count, (0..<shape.count).allSatisfy({ $0 == axis || x.shape[$0] == shape[$0] }) else {
                throw n.error("inputs \(xs.map { "\($0.shape)" }.joined(separator: ", ")) differ outside axis \(axis)")
            }
            shape[axis] += x.shape[axis]
        }
        shape = try ShapeMath.checked(shape.map(Double.init), n.label)
        // Folding: rank-1 concatenation of constants (the shape vectors of Reshape).
        let values: [Double]? = shape.count == 1 && xs.allSatisfy({ $0.values != nil }) ? xs.flatMap { $0.values! } : nil
        return NodeOutcome(carry(first, shape, values), .concat)
    }

    /// Split into the outputs' sizes along `axis` (from input 1, the `split` attribute, or equal parts).
    static func split(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let axis = try ShapeMath.axis(n.int("axis", 0), rank: x.shape.count, n.label)
        let count = n.node.output.count
        guard count >= 1 else { throw n.error("has no outputs") }
        var sizes: [Int]
        if n.optionalInput(1) != nil { sizes = try n.constantInts(1, "split") } else if let s = n.ints("split") { sizes = s } else {
            let d = x.shape[axis], part = (d + count - 1) / count
            sizes = (0..<count).map { max(0, min(part, d - $0 * part)) }
        }
        guard sizes.count == count, sizes.allSatisfy({ $0 >= 0 && $0 <= x.shape[axis] }), sizes.reduce(0.0, { $0 + Double($1) }) == Double(x.shape[axis]) else {
            throw n.error("split sizes \(sizes) do not add up to \(x.shape[axis]) over \(count) outputs")
        }
        let outs = sizes.map { s -> TensorFacts in
            var shape = x.shape
            shape[axis] = s
            return x.reshaped(shape)
        }
        return NodeOutcome(outputs: outs, op: .other)
    }

    /// Slice (inputs starts, ends, axes, steps; attributes before opset 10).
    static func slice(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let starts: [Int], ends: [Int], axesIn: [Int]?, steps: [Int]?
        if n.optionalInput(1) != nil {
            starts = try n.constantInts(1, "starts")
            ends = try n.constantInts(2, "ends")
            axesIn = n.optionalInput(3) != nil ? try n.constantInts(3, "axes") : nil
            steps = n.optionalInput(4) != nil ? try n.constantInts(4, "steps") : nil
        } else {
            guard let s = n.ints("starts"), let e = n.ints("ends") else { throw n.error("needs starts and ends") }
            (starts, ends, axesIn, steps) = (s, e, n.ints("axes"), nil)
        }
        let r = x.shape.count
        let axes = try (axesIn ?? Array(0..<starts.count)).map { (a) throws(PartitionError) in try ShapeMath.axis(a, rank: r, n.label) }
        let st = steps ?? [Int](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, st.count == starts.count, st.allSatisfy({ $0 != 0 }) else {
            throw n.error("starts, ends, axes and steps must have the same length and non-zero steps")
        }
        var shape = x.shape
        var ranges = x.shape.map { (start: 0, step: 1, count: $0) }
        for (i, a) in axes.enumerated() {
            let d = x.shape[a], step = st[i]
            func clampIndex(_ v: Int, _ lo: Int, _ hi: Int) -> Int { min(max(v < 0 ? v + d : v, lo), hi) }
            let (s, e) = step > 0 ? (clampIndex(starts[i], 0, d), clampIndex(ends[i], 0, d)) : (clampIndex(starts[i], -1, d - 1), clampIndex(ends[i], -1, d - 1))
            let count = step > 0 ? max(0, (e - s + step - 1) / step) : max(0, (s - e + (-step) - 1) / (-step))
            shape[a] = count
            ranges[a] = (s, step, count)
        }
        var values: [Double]?
        if r == 1, let v = x.values { values = (0..<ranges[0].count).map { v[ranges[0].start + $0 * ranges[0].step] } }
        return NodeOutcome(carry(x, shape, values), .other)
    }

    /// Flatten at `axis` (default 1) into two dimensions.
    static func flatten(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let r = x.shape.count
        var axis = n.int("axis", 1)
        if axis < 0 { axis += r }
        guard axis >= 0, axis <= r else { throw n.error("axis \(axis) outside 0…\(r)") }
        let outer = x.shape.prefix(axis).reduce(1, *), inner = x.shape.dropFirst(axis).reduce(1, *)
        return NodeOutcome(carry(x, [outer, inner], x.values), .flatten)
    }

    /// Reshape to the constant `shape` input (0 copies, -1 is inferred).
    static func reshape(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let target = try n.constantInts(1, "shape")
        let allowZero = n.int("allowzero", 0) != 0
        var out = try target.enumerated().map { (i, d) throws(PartitionError) -> Int in
            if d == 0 && !allowZero {
                guard i < x.shape.count else { throw n.error("shape \(target) copies dimension \(i) of \(x.shape)") }
                return x.shape[i]
            }
            guard d >= -1 else { throw n.error("shape \(target) has a negative dimension") }
            return d
        }
        let total = x.elements
        if let k = out.firstIndex(of: -1) {
            let known = out.enumerated().filter { $0.offset != k }.reduce(1.0) { $0 * Double($1.element) }
            guard known > 0, total.truncatingRemainder(dividingBy: known) == 0 else { throw n.error("cannot reshape \(x.shape) to \(target)") }
            out[k] = Int(total / known)
        }
        out = try ShapeMath.checked(out.map(Double.init), n.label)
        guard out.reduce(1.0, { $0 * Double($1) }) == total else { throw n.error("cannot reshape \(x.shape) (\(total) elements) to \(out)") }
        return NodeOutcome(carry(x, out, x.values), .flatten)
    }

    /// Transpose by `perm` (default: reversed axes).
    static func transpose(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let perm = n.ints("perm") ?? Array((0..<x.shape.count).reversed())
        guard perm.count == x.shape.count, Set(perm) == Set(0..<x.shape.count) else { throw n.error("perm \(perm) is not a permutation of \(x.shape.count) axes") }
        return NodeOutcome(x.reshaped(perm.map { x.shape[$0] }), .other)
    }

    /// The axes of Squeeze/Unsqueeze: input 1 (opset 13) or the `axes` attribute.
    private static func axesOperand(_ n: NodeView) throws(PartitionError) -> [Int]? {
        if n.optionalInput(1) != nil { return try n.constantInts(1, "axes") }
        return n.ints("axes")
    }

    /// Squeeze the given axes (all size-1 axes when none are given).
    static func squeeze(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let axes = try (axesOperand(n) ?? x.shape.indices.filter { x.shape[$0] == 1 }).map { (a) throws(PartitionError) in
            try ShapeMath.axis(a, rank: x.shape.count, n.label)
        }
        guard axes.allSatisfy({ x.shape[$0] == 1 }) else { throw n.error("cannot squeeze axes \(axes) of \(x.shape)") }
        let shape = x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] }
        return NodeOutcome(carry(x, shape, x.values), .flatten)
    }

    /// Unsqueeze: insert size-1 axes.
    static func unsqueeze(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        guard let raw = try axesOperand(n) else { throw n.error("needs axes") }
        let rank = x.shape.count + raw.count
        let axes = try raw.map { (a) throws(PartitionError) in try ShapeMath.axis(a, rank: rank, n.label) }
        var shape: [Int] = []
        var rest = x.shape[...]
        for i in 0..<rank {
            if axes.contains(i) { shape.append(1) } else if let d = rest.popFirst() { shape.append(d) }
        }
        return NodeOutcome(carry(x, shape, x.values), .flatten)
    }

    /// Pad by the constant pads (input 1, or the attribute before opset 11).
    static func pad(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let pads = n.optionalInput(1) != nil ? try n.constantInts(1, "pads") : (n.ints("pads") ?? [])
        let r = x.shape.count
        var axes = Array(0..<r)
        if n.optionalInput(3) != nil { axes = try n.constantInts(3, "axes").map { (a) throws(PartitionError) in try ShapeMath.axis(a, rank: r, n.label) } }
        guard pads.count == 2 * axes.count else { throw n.error("pads has \(pads.count) values for \(axes.count) axes") }
        var dims = x.shape.map(Double.init)
        for (i, a) in axes.enumerated() { dims[a] += Double(pads[i]) + Double(pads[i + axes.count]) }
        let shape = try ShapeMath.checked(dims, n.label)
        return NodeOutcome(x.reshaped(shape), .other)
    }

    /// Resize / Upsample: output sizes from `sizes`, or `scales` × input.
    static func resize(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let r = x.shape.count
        var shape: [Int]
        if n.node.opType == "Resize", n.optionalInput(3) != nil, let s = n.optionalInput(3)?.integers, s.count == r {
            shape = s
        } else {
            let index = n.node.opType == "Resize" ? 2 : 1
            guard let scales = n.optionalInput(index)?.values ?? n.attribute("scales").map({ $0.floats.map(Double.init) }), scales.count == r else {
                throw n.error("needs constant scales or sizes for each of the \(r) axes")
            }
            shape = try ShapeMath.checked(zip(x.shape, scales).map { (Double($0) * $1).rounded(.down) }, n.label)
        }
        let out = x.reshaped(shape)
        return NodeOutcome(out, .other, flops: 4 * out.elements)
    }

    /// Shape: the input's dimensions as an int64 constant (start/end from opset 15).
    static func shape(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let r = x.shape.count
        func clampIndex(_ v: Int) -> Int { min(max(v < 0 ? v + r : v, 0), r) }
        let s = clampIndex(n.int("start", 0)), e = clampIndex(n.int("end", r))
        let dims = s < e ? Array(x.shape[s..<e]) : []
        return NodeOutcome(.of([dims.count], ONNXElementType.int64, values: dims.map(Double.init)), .other)
    }

    /// Gather along `axis`; folded when data and indices are constants (indices of a shape vector).
    static func gather(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let data = try n.input(0), indices = try n.input(1)
        let axis = try ShapeMath.axis(n.int("axis", 0), rank: data.shape.count, n.label)
        let shape = try ShapeMath.checked((Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])).map(Double.init), n.label)
        var values: [Double]?
        if data.shape.count == 1, let v = data.values, let idx = indices.integers {
            values = try idx.map { (i) throws(PartitionError) -> Double in
                let k = i < 0 ? i + v.count : i
                guard k >= 0, k < v.count else { throw n.error("index \(i) outside \(v.count) values") }
                return v[k]
            }
        }
        return NodeOutcome(.of(shape, data.elementType, values: values), .other)
    }

    /// GatherElements / ScatterElements-like indexing: the output has the indices' shape.
    static func gatherElements(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let data = try n.input(0), indices = try n.input(1)
        guard data.shape.count == indices.shape.count else { throw n.error("data \(data.shape) and indices \(indices.shape) differ in rank") }
        return NodeOutcome(.of(indices.shape, data.elementType), .other)
    }

    /// ConstantOfShape: a tensor of the constant shape input.
    static func constantOfShape(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let dims = try ShapeMath.checked(try n.constantInts(0, "shape").map(Double.init), n.label)
        let valueTensor = n.attribute("value")?.t
        let type = valueTensor?.dataType ?? ONNXElementType.float
        let fill = (try? valueTensor?.facts(n.label))??.values?.first ?? 0
        let count = dims.reduce(1.0) { $0 * Double($1) }
        let values = count <= Double(TensorFacts.maxFoldedElements) ? [Double](repeating: fill, count: Int(count)) : nil
        return NodeOutcome(.of(dims, type, values: values), .other)
    }

    /// Constant: the tensor in `value` (or `value_int(s)` / `value_float(s)`).
    static func constant(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        var f: TensorFacts
        if let t = n.attribute("value")?.t { f = try t.facts(n.label); f.source = nil }
        else if let a = n.attribute("value_int") { f = .of([], ONNXElementType.int64, values: [Double(a.i)]) }
        else if let a = n.attribute("value_ints") { f = .of([a.ints.count], ONNXElementType.int64, values: a.ints.map(Double.init)) }
        else if let a = n.attribute("value_float") { f = .of([], ONNXElementType.float, values: [Double(a.f)]) }
        else if let a = n.attribute("value_floats") { f = .of([a.floats.count], ONNXElementType.float, values: a.floats.map(Double.init)) }
        else { throw n.error("has no value this importer reads (value, value_int(s), value_float(s))") }
        f.source = n.node.output.first.map { "constant:" + $0 }
        f.sourceElements = f.elements
        return NodeOutcome(f, .other)
    }

    /// Range(start, limit, delta) with constant operands.
    static func range(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let start = try n.input(0), limit = try n.input(1), delta = try n.input(2)
        guard let s = start.values?.first, let l = limit.values?.first, let d = delta.values?.first, d != 0 else {
            throw n.error("needs constant start, limit and a non-zero delta")
        }
        let shape = try ShapeMath.checked([max(0, ((l - s) / d).rounded(.up))], n.label)
        let count = shape[0]
        let values = count <= TensorFacts.maxFoldedElements ? (0..<count).map { s + Double($0) * d } : nil
        return NodeOutcome(.of(shape, start.elementType, values: values), .other)
    }

    /// Expand to the broadcast of the input and the constant shape.
    static func expand(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let target = try n.constantInts(1, "shape")
        let shape = try ShapeMath.checked(try ShapeMath.broadcast([x.shape, target], n.label).map(Double.init), n.label)
        var values: [Double]?
        if let v = x.values, v.count == 1 { let c = shape.reduce(1, *); values = c <= TensorFacts.maxFoldedElements ? [Double](repeating: v[0], count: c) : nil }
        return NodeOutcome(carry(x, shape, values), .other)
    }

    /// Tile by the constant repeats.
    static func tile(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        let repeats = try n.constantInts(1, "repeats")
        guard repeats.count == x.shape.count, repeats.allSatisfy({ $0 >= 0 }) else { throw n.error("repeats \(repeats) do not match \(x.shape)") }
        let shape = try ShapeMath.checked(zip(x.shape, repeats).map { Double($0) * Double($1) }, n.label)
        return NodeOutcome(x.reshaped(shape), .other)
    }
}
