import PartitionModel

/// Builds a layer graph op by op, computing every layer's output shape, MACs, FLOPs and parameters.
///
/// Shapes are (C, H, W) for feature maps and (N) after flattening. Counting
/// conventions (per sample, float32):
/// - conv: MACs = C_out·H_out·W_out·(C_in/groups)·k_h·k_w; params = weights + bias;
/// - fc: MACs = in·out; params = in·out + bias;
/// - FLOPs = 2·MACs for conv and fc; batch norm 2, activation 1, pooling k_h·k_w,
///   LRN 2·size + 3, softmax 3 per output element; add (inputs − 1) per element;
/// - batch norm has 2·C parameters (scale and shift, as torchvision counts them;
///   running statistics are buffers, not parameters).
/// Output sizes follow PyTorch: ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1, and for pooling in
/// ceil mode ⌈…⌉ + 1 unless the last window would start in the padding.
///
/// Mistakes (an unknown or duplicate id, a conv on a flattened tensor, groups that do not
/// divide the channels, adding tensors of different shapes, a map that shrinks below one pixel)
/// do not trap: the builder records each one, carries on with a placeholder, and ``build()``
/// throws them all with the layer ids. This is the way to build a model in Swift; see
/// docs/architecture.md.
public struct NetworkBuilder {
    /// What ``build()`` throws: every mistake recorded while the model was built, in order.
    public struct BuildError: Error, Sendable, CustomStringConvertible {
        /// One line per mistake, naming the layer.
        public let problems: [String]
        /// The mistakes, one per line.
        public var description: String { problems.joined(separator: "\n") }
    }

    /// The mistakes recorded so far (empty when the model is sound).
    public private(set) var problems: [String] = []
    /// The layers added so far, in order.
    public private(set) var layers: [Layer] = []
    private var shapes: [String: [Int]] = [:]
    /// Bytes per tensor element (4: float32).
    public let bytesPerElement: Double

    /// An empty network whose tensors take `bytesPerElement` bytes per value (4: float32).
    public init(bytesPerElement: Double = 4) { self.bytesPerElement = bytesPerElement }

    /// The output shape of layer `id` ([1, 1, 1] for an unknown id, which ``build()`` reports).
    public func shape(_ id: String) -> [Int] { shapes[id] ?? [1, 1, 1] }

    /// `stride`, or 1 with a recorded mistake when it is below 1.
    private mutating func checkedStride(_ id: String, _ stride: Int) -> Int {
        if stride < 1 { fail("\(id): stride \(stride) is below 1") }
        return max(stride, 1)
    }

    /// Records a mistake; the builder carries on.
    private mutating func fail(_ problem: String) { problems.append(problem) }

    /// The (C, H, W) shape of `x`, recording a mistake for an unknown id or a non-map tensor.
    private mutating func map(_ id: String, _ x: String) -> [Int] {
        guard let s = shapes[x] else { fail("\(id): unknown input \"\(x)\""); return [1, 1, 1] }
        guard s.count == 3 else { fail("\(id): input \"\(x)\" has shape \(s), not (C, H, W)"); return [1, 1, 1] }
        return s
    }

    private mutating func append(_ id: String, _ op: OpKind, _ inputs: [String], _ shape: [Int], macs: Double = 0,
                                 flops: Double, params: Int = 0, window: WindowGeometry? = nil) -> String {
        if shapes[id] != nil { fail("duplicate layer id \(id)") }
        for x in inputs where shapes[x] == nil { fail("\(id): unknown input \"\(x)\"") }
        var shape = shape
        if shape.contains(where: { $0 < 1 }) {
            fail("\(id): output shape \(shape) has a dimension below 1")
            shape = shape.map { max($0, 1) }
        }
        let elements = shape.reduce(1.0) { $0 * Double($1) }
        layers.append(Layer(id: id, op: op, inputs: inputs, shape: shape, outputBytes: elements * bytesPerElement,
                            macs: macs, flops: flops, params: params, weightBytes: Double(params) * bytesPerElement, window: window))
        shapes[id] = shape
        return id
    }

    private func elements(_ id: String) -> Double { shape(id).reduce(1.0) { $0 * Double($1) } }

    static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int = 1, ceilMode: Bool = false) -> Int {
        let span = size + 2 * padding - dilation * (kernel - 1) - 1
        if !ceilMode { return span / stride + 1 }
        var out = (span + stride - 1) / stride + 1
        if (out - 1) * stride >= size + padding { out -= 1 }
        return out
    }

    /// Adds the input layer, a `channels` × `height` × `width` sample; returns its id.
    @discardableResult
    public mutating func input(_ id: String = "input", channels: Int, height: Int, width: Int) -> String {
        append(id, .input, [], [channels, height, width], flops: 0)
    }

    /// A 2-D convolution with a square kernel (or `kernelH × kernelW`).
    @discardableResult
    public mutating func conv(_ id: String, _ x: String, out: Int, kernel: Int, kernelW: Int? = nil, stride: Int = 1,
                              padding: Int = 0, paddingW: Int? = nil, groups: Int = 1, bias: Bool = true) -> String {
        let s = map(id, x)
        if groups < 1 || s[0] % max(groups, 1) != 0 || out % max(groups, 1) != 0 {
            fail("\(id): \(groups) groups do not divide \(s[0]) input and \(out) output channels")
        }
        let groups = max(groups, 1), stride = checkedStride(id, stride)
        let kw = kernelW ?? kernel, pw = paddingW ?? padding
        let h = Self.outputSize(s[1], kernel: kernel, stride: stride, padding: padding)
        let w = Self.outputSize(s[2], kernel: kw, stride: stride, padding: pw)
        let perOutput = Double(s[0] / groups) * Double(kernel) * Double(kw)
        let macs = Double(out) * Double(h) * Double(w) * perOutput
        let params = Int(min(Double(out) * perOutput + (bias ? Double(out) : 0), 0x1p62))
        let window = WindowGeometry(kernel: (kernel, kw), stride: (stride, stride), padding: (padding, pw),
                                    inChannels: s[0], outChannels: out, groups: groups)
        return append(id, .conv, [x], [out, h, w], macs: macs, flops: 2 * macs, params: params, window: window)
    }

    /// Adds batch normalisation of `x` (2 parameters and 2 FLOPs per channel value); returns its id.
    @discardableResult
    public mutating func batchNorm(_ id: String, _ x: String) -> String {
        append(id, .batchnorm, [x], shape(x), flops: 2 * elements(x), params: 2 * shape(x)[0])
    }

    /// Adds an elementwise nonlinearity of `x` (1 FLOP per value); returns its id.
    @discardableResult
    public mutating func activation(_ id: String, _ x: String) -> String {
        append(id, .activation, [x], shape(x), flops: elements(x))
    }

    /// Adds local response normalisation of `x` over `size` channels; returns its id.
    @discardableResult
    public mutating func lrn(_ id: String, _ x: String, size: Int = 5) -> String {
        append(id, .lrn, [x], shape(x), flops: Double(2 * size + 3) * elements(x))
    }

    private mutating func pool(_ id: String, _ op: OpKind, _ x: String, kernel: Int, stride: Int, padding: Int, ceilMode: Bool,
                               padEnd: Int = 0) -> String {
        let s = map(id, x), stride = checkedStride(id, stride)
        let h = Self.outputSize(s[1] + padEnd, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode)
        let w = Self.outputSize(s[2] + padEnd, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode)
        let window = WindowGeometry(kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding),
                                    inChannels: s[0], outChannels: s[0])
        return append(id, op, [x], [s[0], h, w], flops: Double(s[0]) * Double(h) * Double(w) * Double(kernel * kernel), window: window)
    }

    /// Max pooling. `padEnd` pads only after the map (bottom and right), as darknet's stride-1
    /// pool does; the window geometry then records no padding, and back-projection clamps the
    /// last window to the map, which is the same region.
    @discardableResult
    public mutating func maxPool(_ id: String, _ x: String, kernel: Int, stride: Int, padding: Int = 0, ceilMode: Bool = false,
                                 padEnd: Int = 0) -> String {
        pool(id, .maxpool, x, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode, padEnd: padEnd)
    }

    /// Adds average pooling of `x` with the given window (`ceilMode` rounds the output size up); returns its id.
    @discardableResult
    public mutating func avgPool(_ id: String, _ x: String, kernel: Int, stride: Int, padding: Int = 0, ceilMode: Bool = false) -> String {
        pool(id, .avgpool, x, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode)
    }

    /// Average pooling over the whole map (global / adaptive average pooling to 1×1).
    @discardableResult
    public mutating func globalAvgPool(_ id: String, _ x: String) -> String {
        let s = map(id, x)
        if s[1] != s[2] { fail("\(id): global pooling of a non-square map \(s)") }
        return avgPool(id, x, kernel: s[1], stride: s[1])
    }

    /// Adds a flatten of `x` to a vector (no work); returns its id.
    @discardableResult
    public mutating func flatten(_ id: String, _ x: String) -> String {
        append(id, .flatten, [x], [Int(elements(x))], flops: 0)
    }

    /// Adds a fully connected layer from `x` to `out` outputs (with a bias unless `bias` is false); returns its id.
    @discardableResult
    public mutating func fc(_ id: String, _ x: String, out: Int, bias: Bool = true) -> String {
        let n = elements(x)
        let macs = n * Double(out)
        return append(id, .fc, [x], [out], macs: macs, flops: 2 * macs, params: Int(min(macs + (bias ? Double(out) : 0), 0x1p62)))
    }

    /// Adds dropout on `x` (the identity at inference, no work); returns its id.
    @discardableResult
    public mutating func dropout(_ id: String, _ x: String) -> String {
        append(id, .dropout, [x], shape(x), flops: 0)
    }

    /// Adds a softmax over `x`; returns its id.
    @discardableResult
    public mutating func softmax(_ id: String, _ x: String) -> String {
        append(id, .softmax, [x], shape(x), flops: 3 * elements(x))
    }

    /// Adds the elementwise sum of `xs` (a residual connection); returns its id.
    @discardableResult
    public mutating func add(_ id: String, _ xs: [String]) -> String {
        if Set(xs.map { shape($0) }).count != 1 { fail("\(id): add of different shapes \(xs.map { shape($0) })") }
        return append(id, .add, xs, shape(xs[0]), flops: Double(xs.count - 1) * elements(xs[0]))
    }

    /// Concatenation along channels.
    @discardableResult
    public mutating func concat(_ id: String, _ xs: [String]) -> String {
        let s = xs.map { shape($0) }
        if Set(s.map { $0.dropFirst() }).count != 1 { fail("\(id): concat of different spatial sizes \(s)") }
        return append(id, .concat, xs, [s.reduce(0) { $0 + $1[0] }] + Array(s[0].dropFirst()), flops: 0)
    }

    /// Space to depth (darknet's reorg, stride `block`): C × H × W becomes C·block² × H/block × W/block.
    /// It moves values and does no arithmetic.
    @discardableResult
    public mutating func spaceToDepth(_ id: String, _ x: String, block: Int) -> String {
        let s = map(id, x)
        if block < 1 || s[1] % max(block, 1) != 0 || s[2] % max(block, 1) != 0 { fail("\(id): \(s) does not split into \(block)×\(block) blocks") }
        let k = max(block, 1)
        return append(id, .other, [x], [s[0] * k * k, s[1] / k, s[2] / k], flops: 0)
    }

    /// A channel shuffle (ShuffleNet, DeCNN): channel c·g + j moves to j·(C/g) + c. No arithmetic, no weights.
    @discardableResult
    public mutating func shuffle(_ id: String, _ x: String, groups: Int) -> String {
        if groups < 1 || shape(x)[0] % max(groups, 1) != 0 { fail("\(id): \(shape(x)[0]) channels do not split into \(groups) groups") }
        return append(id, .shuffle, [x], shape(x), flops: 0)
    }

    // MARK: Common blocks

    /// conv → batch norm → activation, the unit of ResNet, GoogLeNet and MobileNetV2.
    @discardableResult
    public mutating func convBNAct(_ prefix: String, _ x: String, out: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                                   groups: Int = 1, activation act: Bool = true) -> String {
        let c = conv(prefix + ".conv", x, out: out, kernel: kernel, stride: stride, padding: padding, groups: groups, bias: false)
        let b = batchNorm(prefix + ".bn", c)
        return act ? activation(prefix + ".relu", b) : b
    }

    /// The model as a validated graph; throws every mistake recorded while building, and what
    /// the graph's own validation finds (no input layer, a cycle, …).
    public func build() throws(BuildError) -> LayerGraph {
        guard problems.isEmpty else { throw BuildError(problems: problems) }
        do { return try LayerGraph(layers: layers) } catch { throw BuildError(problems: [error.reason]) }
    }

    /// The graph of a model known to be sound (the zoo's): a recorded mistake is a bug in the model.
    func graph() -> LayerGraph {
        do { return try build() } catch { preconditionFailure("zoo model: \(error)") }
    }
}
