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
public struct NetworkBuilder {
    /// The layers added so far, in order.
    public private(set) var layers: [Layer] = []
    private var shapes: [String: [Int]] = [:]
    /// Bytes per tensor element (4: float32).
    public let bytesPerElement: Double

    /// An empty network whose tensors take `bytesPerElement` bytes per value (4: float32).
    public init(bytesPerElement: Double = 4) { self.bytesPerElement = bytesPerElement }

    /// The output shape of layer `id`.
    public func shape(_ id: String) -> [Int] { shapes[id]! }

    private mutating func append(_ id: String, _ op: OpKind, _ inputs: [String], _ shape: [Int], macs: Double = 0,
                                 flops: Double, params: Int = 0, window: WindowGeometry? = nil) -> String {
        precondition(shapes[id] == nil, "duplicate layer id \(id)")
        let elements = Double(shape.reduce(1, *))
        layers.append(Layer(id: id, op: op, inputs: inputs, shape: shape, outputBytes: elements * bytesPerElement,
                            macs: macs, flops: flops, params: params, weightBytes: Double(params) * bytesPerElement, window: window))
        shapes[id] = shape
        return id
    }

    private func elements(_ id: String) -> Double { Double(shapes[id]!.reduce(1, *)) }

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
        let s = shape(x)
        precondition(s.count == 3 && s[0] % groups == 0 && out % groups == 0, "\(id): bad conv input \(s) or groups \(groups)")
        let kw = kernelW ?? kernel, pw = paddingW ?? padding
        let h = Self.outputSize(s[1], kernel: kernel, stride: stride, padding: padding)
        let w = Self.outputSize(s[2], kernel: kw, stride: stride, padding: pw)
        let perOutput = (s[0] / groups) * kernel * kw
        let macs = Double(out * h * w) * Double(perOutput)
        let params = out * perOutput + (bias ? out : 0)
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
        let s = shape(x)
        let h = Self.outputSize(s[1] + padEnd, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode)
        let w = Self.outputSize(s[2] + padEnd, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode)
        let window = WindowGeometry(kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding),
                                    inChannels: s[0], outChannels: s[0])
        return append(id, op, [x], [s[0], h, w], flops: Double(s[0] * h * w * kernel * kernel), window: window)
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
        let s = shape(x)
        precondition(s[1] == s[2], "\(id): global pooling of a non-square map")
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
        let n = Int(elements(x))
        let macs = Double(n * out)
        return append(id, .fc, [x], [out], macs: macs, flops: 2 * macs, params: n * out + (bias ? out : 0))
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
        precondition(Set(xs.map { shape($0) }).count == 1, "\(id): add of different shapes")
        return append(id, .add, xs, shape(xs[0]), flops: Double(xs.count - 1) * elements(xs[0]))
    }

    /// Concatenation along channels.
    @discardableResult
    public mutating func concat(_ id: String, _ xs: [String]) -> String {
        let s = xs.map { shape($0) }
        precondition(Set(s.map { $0.dropFirst() }).count == 1, "\(id): concat of different spatial sizes")
        return append(id, .concat, xs, [s.reduce(0) { $0 + $1[0] }] + Array(s[0].dropFirst()), flops: 0)
    }

    /// A channel shuffle (ShuffleNet, DeCNN): channel c·g + j moves to j·(C/g) + c. No arithmetic, no weights.
    @discardableResult
    public mutating func shuffle(_ id: String, _ x: String, groups: Int) -> String {
        precondition(shape(x)[0] % groups == 0, "\(id): \(shape(x)[0]) channels do not split into \(groups) groups")
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

    /// The validated graph.
    public func graph() -> LayerGraph {
        try! LayerGraph(layers: layers)
    }
}
