import PartitionModel

/// Shape rules of the sliding-window operators: Conv, ConvTranspose, MaxPool, AveragePool and the global pools.
enum WindowOps {
    /// Pads (begin, end) per spatial axis and the output sizes, by ONNX's rules for `auto_pad`,
    /// `pads`, `ceil_mode` and dilation.
    static func spatial(_ n: NodeView, input: [Int], kernel: [Int], ceil: Bool)
        throws(PartitionError) -> (out: [Int], begin: [Int], end: [Int], strides: [Int], dilations: [Int]) {
        let r = kernel.count
        let strides = n.ints("strides") ?? [Int](repeating: 1, count: r)
        let dilations = n.ints("dilations") ?? [Int](repeating: 1, count: r)
        guard strides.count == r, dilations.count == r, input.count == r,
              (kernel + strides + dilations).allSatisfy({ (1...InputLimits.maxWindow).contains($0) }) else {
            throw n.error("kernel_shape, strides and dilations need \(r) values each in 1…\(InputLimits.maxWindow)")
        }
        let autoPad = n.string("auto_pad", "NOTSET")
        var begin = [Int](repeating: 0, count: r), end = begin, out = begin
        for i in 0..<r {
            let span = dilations[i] * (kernel[i] - 1) + 1
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                out[i] = (input[i] + strides[i] - 1) / strides[i]
                let total = max(0, (out[i] - 1) * strides[i] + span - input[i])
                begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
                end[i] = total - begin[i]
                continue
            case "VALID": break
            case "NOTSET", "":
                let pads = n.ints("pads") ?? [Int](repeating: 0, count: 2 * r)
                guard pads.count == 2 * r, pads.allSatisfy({ $0 >= 0 && $0 <= InputLimits.maxWindow }) else {
                    throw n.error("pads needs \(2 * r) values in 0…\(InputLimits.maxWindow)")
                }
                (begin[i], end[i]) = (pads[i], pads[i + r])
            default: throw n.error("unknown auto_pad \"\(autoPad)\"")
            }
            let room = input[i] + begin[i] + end[i] - span
            guard room >= 0 else { throw n.error("the window (\(span)) is larger than the padded input (\(input[i] + begin[i] + end[i]))") }
            if ceil {
                out[i] = (room + strides[i] - 1) / strides[i] + 1
                if (out[i] - 1) * strides[i] >= input[i] + begin[i] { out[i] -= 1 }  // the last window must start inside the input or its begin padding
            } else {
                out[i] = room / strides[i] + 1
            }
        }
        return (out, begin, end, strides, dilations)
    }

    /// The window geometry of a 2-D layer, or nil (and a warning) when its padding is asymmetric
    /// with more padding before than after: the geometry keeps the begin padding and lets the end grow.
    static func geometry(kernel: [Int], s: (out: [Int], begin: [Int], end: [Int], strides: [Int], dilations: [Int]),
                         inChannels: Int, outChannels: Int, groups: Int) -> WindowGeometry? {
        guard kernel.count == 2, s.end[0] >= s.begin[0], s.end[1] >= s.begin[1] else { return nil }
        return WindowGeometry(kernel: (kernel[0], kernel[1]), stride: (s.strides[0], s.strides[1]), padding: (s.begin[0], s.begin[1]),
                              inChannels: inChannels, outChannels: outChannels, groups: groups, dilation: (s.dilations[0], s.dilations[1]))
    }

    /// Conv: X [N, C, spatial…], W [M, C/group, k…].
    static func conv(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0), w = try n.input(1)
        guard x.shape.count >= 3, w.shape.count == x.shape.count else { throw n.error("needs X of rank ≥ 3 and W of the same rank, found \(x.shape) and \(w.shape)") }
        let group = n.int("group", 1), c = x.shape[1], m = w.shape[0]
        guard group >= 1, group <= InputLimits.maxDimension, c % group == 0, m % group == 0, w.shape[1] * group == c else {
            throw n.error("group \(group) does not fit \(c) input channels and weights \(w.shape)")
        }
        let kernel = n.ints("kernel_shape") ?? Array(w.shape.dropFirst(2))
        let s = try spatial(n, input: Array(x.shape.dropFirst(2)), kernel: kernel, ceil: false)
        let outShape = try ShapeMath.checked(([x.shape[0], m] + s.out).map(Double.init), n.label)
        let outElements = outShape.reduce(1.0) { $0 * Double($1) }
        let macs = outElements * Double(c / group) * kernel.reduce(1.0) { $0 * Double($1) }
        var outcome = NodeOutcome(x.reshaped(outShape), .conv, macs: macs, flops: 2 * macs,
                                  window: geometry(kernel: kernel, s: s, inChannels: c, outChannels: m, groups: group))
        if outcome.window == nil {
            outcome.op = .other
            outcome.warning = kernel.count == 2 ? "padding \(s.begin)/\(s.end) is larger before than after; imported without window geometry (no tiling)"
                : nil
        }
        return outcome
    }

    /// ConvTranspose: X [N, C, spatial…], W [C, M/group, k…].
    static func convTranspose(_ n: NodeView) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0), w = try n.input(1)
        guard x.shape.count >= 3, w.shape.count == x.shape.count, w.shape[0] == x.shape[1] else {
            throw n.error("needs X [N, C, …] and W [C, M/group, …], found \(x.shape) and \(w.shape)")
        }
        let group = max(n.int("group", 1), 1), r = x.shape.count - 2
        let kernel = n.ints("kernel_shape") ?? Array(w.shape.dropFirst(2))
        let strides = n.ints("strides") ?? [Int](repeating: 1, count: r)
        let dil = n.ints("dilations") ?? [Int](repeating: 1, count: r)
        let outPad = n.ints("output_padding") ?? [Int](repeating: 0, count: r)
        let pads = n.ints("pads") ?? [Int](repeating: 0, count: 2 * r)
        guard kernel.count == r, strides.count == r, dil.count == r, outPad.count == r, pads.count == 2 * r, group <= InputLimits.maxDimension,
              (kernel + strides + dil).allSatisfy({ (1...InputLimits.maxWindow).contains($0) }),
              (outPad + pads).allSatisfy({ (0...InputLimits.maxWindow).contains($0) }) else {
            throw n.error("kernel_shape, strides, dilations, output_padding and pads must match the \(r) spatial axes, within 0…\(InputLimits.maxWindow)")
        }
        var spatialOut: [Int]
        if let given = n.ints("output_shape"), given.count == r {
            spatialOut = given
        } else {
            spatialOut = (0..<r).map { i in strides[i] * (x.shape[i + 2] - 1) + outPad[i] + (kernel[i] - 1) * dil[i] + 1 - pads[i] - pads[i + r] }
        }
        guard spatialOut.allSatisfy({ $0 >= 1 }) else { throw n.error("the output would be empty (\(spatialOut))") }
        let m = w.shape[1] * group
        let outShape = try ShapeMath.checked(([x.shape[0], m] + spatialOut).map(Double.init), n.label)
        let macs = x.elements * Double(w.shape[1]) * kernel.reduce(1.0) { $0 * Double($1) }
        return NodeOutcome(x.reshaped(outShape), .other, macs: macs, flops: 2 * macs)
    }

    /// MaxPool and AveragePool (with ceil_mode).
    static func pool(_ n: NodeView, _ op: OpKind) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        guard x.shape.count >= 3, let kernel = n.ints("kernel_shape"), kernel.count == x.shape.count - 2 else {
            throw n.error("needs X of rank ≥ 3 and kernel_shape for each spatial axis")
        }
        let s = try spatial(n, input: Array(x.shape.dropFirst(2)), kernel: kernel, ceil: n.int("ceil_mode", 0) != 0)
        let outShape = try ShapeMath.checked((Array(x.shape.prefix(2)) + s.out).map(Double.init), n.label)
        let out = x.reshaped(outShape)
        let flops = out.elements * kernel.reduce(1.0) { $0 * Double($1) }
        let c = x.shape[1]
        var outcome = NodeOutcome(out, op, flops: flops, window: geometry(kernel: kernel, s: s, inChannels: c, outChannels: c, groups: 1))
        if outcome.window == nil { outcome.op = .other }
        return outcome
    }

    /// GlobalAveragePool / GlobalMaxPool: a window over the whole map.
    static func globalPool(_ n: NodeView, _ op: OpKind) throws(PartitionError) -> NodeOutcome {
        let x = try n.input(0)
        guard x.shape.count >= 3 else { throw n.error("needs X of rank ≥ 3, found \(x.shape)") }
        let spatial = Array(x.shape.dropFirst(2))
        let out = x.reshaped(Array(x.shape.prefix(2)) + spatial.map { _ in 1 })
        var window: WindowGeometry?
        if spatial.count == 2, spatial.allSatisfy({ $0 >= 1 && $0 <= InputLimits.maxWindow }) {
            window = WindowGeometry(kernel: (spatial[0], spatial[1]), stride: (spatial[0], spatial[1]), padding: (0, 0),
                                    inChannels: x.shape[1], outChannels: x.shape[1])
        }
        return NodeOutcome(out, window == nil ? .other : op, flops: x.elements, window: window)
    }
}
