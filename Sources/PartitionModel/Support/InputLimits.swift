/// The largest (and smallest) values any file or option may give, checked where they are read.
///
/// Every count, dimension and quantity that reaches the solvers is range-checked
/// against these before anything is allocated or multiplied, so that no product
/// of accepted values overflows `Int` and no derived time is infinite: the
/// largest transfer time is 1e18 B / 1e-6 B/s = 1e24 s, still finite after
/// summing a million layers. `docs/instance-format.md` lists them.
public enum InputLimits {
    /// Files larger than this (2 GiB) are refused before reading.
    public static let maxFileBytes = 2 << 30
    /// The product of a tensor shape's dimensions: 2^53 elements (every count exact in a `Double`).
    public static let maxElements = 1 << 53
    /// One dimension of a shape, or a channel count: 2^31.
    public static let maxDimension = 1 << 31
    /// Kernel, stride, padding and dilation per side: 65,536.
    public static let maxWindow = 1 << 16
    /// Parameters of one layer: 2^53.
    public static let maxParams = 1 << 53
    /// Devices of a cluster (P4–P6), from a file or `--devices`: 64.
    public static let maxDevices = 64
    /// Channel groups of a decoupled network (P6): 4096.
    public static let maxGroups = 4096
    /// A feature map side in a tiling problem (P4): 65,536 pixels.
    public static let maxMapSide = 1 << 16
    /// Layers of a model: 10 million.
    public static let maxLayers = 10_000_000
    /// Rows or columns of a Matrix Market matrix (P5): 2^24.
    public static let maxMatrixSide = 1 << 24
    /// Nonzeros a sparsity generator may draw (P5): 2^27.
    public static let maxGeneratedNonzeros = 1 << 27
    /// Any other integer a file holds (indices, seeds): 2^53.
    public static let maxInteger = 1 << 53

    /// The accepted range of a quantity in its SI unit (positive kinds exclude 0 where the reader says so).
    public static func range(of kind: QuantityKind) -> ClosedRange<Double> {
        switch kind {
        case .duration: return 0...1e15
        case .bytes: return 0...1e18
        case .bandwidth: return 1e-6...1e18
        case .flopRate: return 1e-6...1e24
        case .power: return 0...1e9
        case .energy: return 0...1e15
        }
    }

    /// Operation counts (MACs, FLOPs) of one layer: at most 1e24.
    public static let maxOperations = 1e24
}
