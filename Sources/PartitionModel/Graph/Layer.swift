/// What a layer computes. The names are the `"op"` strings of instance files.
public enum OpKind: String, Sendable, CaseIterable, Hashable {
    /// The raw sample. Exactly one per graph; compute time 0.
    case input
    /// Convolution (grouped and depthwise convolutions set `groups`).
    case conv
    /// Fully connected (linear) layer.
    case fc
    case maxpool
    case avgpool
    /// Elementwise nonlinearity (ReLU, ReLU6, sigmoid, …).
    case activation
    case batchnorm
    /// Local response normalisation (AlexNet, CaffeNet, GoogLeNet).
    case lrn
    /// Elementwise sum of inputs (residual connections).
    case add
    /// Channel concatenation (inception blocks).
    case concat
    case flatten
    case dropout
    case softmax
    /// Channel shuffle between grouped stages (ShuffleNet, DeCNN).
    case shuffle
    /// Anything else; give its FLOPs explicitly.
    case other

    /// Whether the op carries sliding-window geometry (kernel, stride, padding).
    public var hasWindow: Bool { self == .conv || self == .maxpool || self == .avgpool }
}

/// Sliding-window geometry of a conv or pool layer, kept for spatial tiling.
public struct WindowGeometry: Sendable, Equatable {
    /// Kernel height and width.
    public var kernel: (h: Int, w: Int)
    /// Step between two windows, rows and columns.
    public var stride: (h: Int, w: Int)
    /// Zero padding added on each side (top/bottom, left/right).
    public var padding: (h: Int, w: Int)
    /// Channels read.
    public var inChannels: Int
    /// Channels written.
    public var outChannels: Int
    /// Convolution groups (1 = dense, `inChannels` = depthwise). 1 for pooling.
    public var groups: Int
    /// Dilation (1 = none).
    public var dilation: (h: Int, w: Int)

    /// The geometry of a window layer; `groups` and `dilation` default to a dense, undilated convolution.
    public init(kernel: (h: Int, w: Int), stride: (h: Int, w: Int), padding: (h: Int, w: Int),
                inChannels: Int, outChannels: Int, groups: Int = 1, dilation: (h: Int, w: Int) = (1, 1)) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
        self.dilation = dilation
    }

    public static func == (a: WindowGeometry, b: WindowGeometry) -> Bool {
        a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding &&
            a.inChannels == b.inChannels && a.outChannels == b.outChannels && a.groups == b.groups && a.dilation == b.dilation
    }
}

/// One layer of a DNN: what it computes, what it reads, what it produces.
///
/// Counts are per sample (batch 1). `outputBytes` is `d_v` of FORMULATIONS:
/// what crosses a link if this layer's output is sent.
public struct Layer: Sendable, Equatable {
    /// Unique name within the graph.
    public var id: String
    /// What the layer computes.
    public var op: OpKind
    /// Ids of the layers whose outputs this layer reads, in order.
    public var inputs: [String]
    /// Output tensor shape without the batch dimension, e.g. `[64, 112, 112]` (C, H, W) or `[4096]`.
    public var shape: [Int]
    /// Bytes of the output tensor (`d_v`).
    public var outputBytes: Double
    /// Multiply–accumulate operations.
    public var macs: Double
    /// Floating-point operations (2 per MAC for conv and fc, plus elementwise work).
    public var flops: Double
    /// Trainable parameters (weights and biases).
    public var params: Int
    /// Bytes of the parameters as stored for inference.
    public var weightBytes: Double
    /// Kernel, stride, padding, channels and groups for conv and pool layers.
    public var window: WindowGeometry?

    /// A layer; counts are per sample, bytes and FLOPs as in the properties below.
    public init(id: String, op: OpKind, inputs: [String] = [], shape: [Int] = [], outputBytes: Double,
                macs: Double = 0, flops: Double = 0, params: Int = 0, weightBytes: Double = 0,
                window: WindowGeometry? = nil) {
        self.id = id
        self.op = op
        self.inputs = inputs
        self.shape = shape
        self.outputBytes = outputBytes
        self.macs = macs
        self.flops = flops
        self.params = params
        self.weightBytes = weightBytes
        self.window = window
    }
}
