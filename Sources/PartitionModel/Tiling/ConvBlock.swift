/// A run of conv and pool layers whose feature maps can be split spatially (FORMULATIONS P4).
///
/// Built from a chain of layers of a model: every conv, max-pool or avg-pool layer becomes a
/// ``Stage``; pointwise layers after it (activation, batch norm, LRN, dropout) are folded into it
/// (their FLOPs and weights are added, their shape is the stage's). Any other op ends the block.
///
/// Back-projection (rows shown, columns alike): output rows [y₁, y₂] of a stage need input rows
/// [max(0, S·y₁ − P), min(H_in − 1, S·y₂ − P + F_eff − 1)], F_eff = d(F − 1) + 1. Through a whole
/// block this composes to max(0, a·y₁ + b) and min(K, a·y₂ + c) for constants a, b, c, K
/// (``affineRows(stage:)``), which is what makes the MILP exact.
public struct ConvBlock: Sendable {
    /// One window layer of the block, with the pointwise layers after it folded in.
    public struct Stage: Sendable {
        /// Index of the window layer in the graph, and its id.
        public let layer: Int
        /// The window layer's id.
        public let id: String
        /// conv, maxpool or avgpool.
        public let op: OpKind
        /// Kernel, stride, padding, channels and groups.
        public let window: WindowGeometry
        /// Input and output map sizes.
        public let inH: Int, inW: Int, outH: Int, outW: Int
        /// Channels in and out.
        public let inChannels: Int, outChannels: Int
        /// FLOPs of the stage (pointwise layers folded in) per output pixel (all channels).
        public let flopsPerOutputPixel: Double
        /// Bytes of the stage's weights (folded layers included).
        public let weightBytes: Double
        /// Ids of the folded pointwise layers.
        public let folded: [String]

        /// The graph indices of the stage's layers: the window layer, then the folded ones.
        public func layers(in graph: LayerGraph) -> [Int] { [layer] + folded.compactMap { graph.index[$0] } }
    }

    /// The stages in order.
    public let stages: [Stage]
    /// Bytes per tensor value.
    public let bytesPerElement: Double

    /// Rows of the block input.
    public var inputHeight: Int { stages[0].inH }
    /// Columns of the block input.
    public var inputWidth: Int { stages[0].inW }
    /// Rows of the block output.
    public var outputHeight: Int { stages.last!.outH }
    /// Columns of the block output.
    public var outputWidth: Int { stages.last!.outW }
    /// Bytes of every stage's weights.
    public var weightBytes: Double { stages.reduce(0) { $0 + $1.weightBytes } }

    /// A block made of `stages` in order; tensors take `bytesPerElement` bytes per value.
    public init(stages: [Stage], bytesPerElement: Double = 4) {
        self.stages = stages
        self.bytesPerElement = bytesPerElement
    }

    /// Why a layer range is not a block that can be tiled.
    public typealias BlockError = PartitionError

    static let pointwise: Set<OpKind> = [.activation, .batchnorm, .lrn, .dropout]

    /// The block made of layers `from` … `to` (ids) of `graph`; by default the longest tileable run
    /// starting at the first conv layer.
    public init(graph: LayerGraph, from: String? = nil, to: String? = nil, bytesPerElement: Double = 4) throws(BlockError) {
        let order = graph.topologicalOrder
        var position = [Int](repeating: 0, count: graph.count)
        for (i, v) in order.enumerated() { position[v] = i }
        let startIndex: Int
        if let from {
            guard let v = graph.index[from] else { throw BlockError(reason: "unknown layer id \"\(from)\"") }
            startIndex = position[v]
        } else {
            guard let first = order.firstIndex(where: { graph.layers[$0].op == .conv }) else {
                throw BlockError(reason: "the model has no conv layer to tile")
            }
            startIndex = first
        }
        var endIndex = order.count - 1
        if let to {
            guard let v = graph.index[to] else { throw BlockError(reason: "unknown layer id \"\(to)\"") }
            endIndex = position[v]
            guard endIndex >= startIndex else { throw BlockError(reason: "layer \"\(to)\" comes before \"\(graph.layers[order[startIndex]].id)\"") }
        }
        var stages: [Stage] = []
        var pending: (layer: Int, flops: Double, weights: Double, folded: [String])?
        func close() {
            guard let p = pending else { return }
            let l = graph.layers[p.layer]
            let input = graph.layers[graph.predecessors[p.layer][0]].shape
            let w = l.window!
            stages.append(Stage(layer: p.layer, id: l.id, op: l.op, window: w, inH: input[1], inW: input[2], outH: l.shape[1], outW: l.shape[2],
                                inChannels: input[0], outChannels: l.shape[0], flopsPerOutputPixel: p.flops / Double(l.shape[1] * l.shape[2]),
                                weightBytes: p.weights, folded: p.folded))
            pending = nil
        }
        for i in startIndex...endIndex {
            let v = order[i]
            let layer = graph.layers[v]
            if i > startIndex {
                guard graph.predecessors[v] == [order[i - 1]], graph.successors[order[i - 1]] == [v] else {
                    if to == nil { break }
                    throw BlockError(reason: "layers \(graph.layers[order[startIndex]].id) … \(graph.layers[order[endIndex]].id) are not a chain (layer \"\(layer.id)\" branches or merges)")
                }
            }
            if layer.op.hasWindow {
                guard let _ = layer.window, layer.shape.count == 3, graph.predecessors[v].count == 1,
                      graph.layers[graph.predecessors[v][0]].shape.count == 3 else {
                    throw BlockError(reason: "layer \"\(layer.id)\" lacks the window geometry or (C, H, W) shapes needed for tiling")
                }
                let input = graph.layers[graph.predecessors[v][0]].shape
                let side = InputLimits.maxMapSide
                guard layer.shape[1] <= side, layer.shape[2] <= side, input[1] <= side, input[2] <= side else {
                    throw BlockError(reason: "layer \"\(layer.id)\": tiling accepts maps of at most \(side) × \(side) pixels")
                }
                close()
                pending = (v, layer.flops, layer.weightBytes, [])
            } else if Self.pointwise.contains(layer.op), pending != nil {
                pending!.flops += layer.flops
                pending!.weights += layer.weightBytes
                pending!.folded.append(layer.id)
            } else {
                if to == nil, !stages.isEmpty || pending != nil { break }
                throw BlockError(reason: "layer \"\(layer.id)\" (\(layer.op.rawValue)) cannot be tiled: a block is a chain of conv and pool layers with pointwise layers between them")
            }
        }
        close()
        guard !stages.isEmpty else { throw BlockError(reason: "the layer range holds no conv or pool layer") }
        self.stages = stages
        self.bytesPerElement = bytesPerElement
    }

    /// The same block on transposed maps (heights and widths, kernels, strides and paddings swapped).
    public func transposed() -> ConvBlock {
        ConvBlock(stages: stages.map { s in
            let w = s.window
            let tw = WindowGeometry(kernel: (w.kernel.w, w.kernel.h), stride: (w.stride.w, w.stride.h), padding: (w.padding.w, w.padding.h),
                                    inChannels: w.inChannels, outChannels: w.outChannels, groups: w.groups, dilation: (w.dilation.w, w.dilation.h))
            return Stage(layer: s.layer, id: s.id, op: s.op, window: tw, inH: s.inW, inW: s.inH, outH: s.outW, outW: s.outH,
                         inChannels: s.inChannels, outChannels: s.outChannels, flopsPerOutputPixel: s.flopsPerOutputPixel,
                         weightBytes: s.weightBytes, folded: s.folded)
        }, bytesPerElement: bytesPerElement)
    }

    // MARK: Geometry

    /// Input rows of stage `l` needed for its output rows `y1...y2` (inclusive).
    public func backProjectRows(_ y1: Int, _ y2: Int, stage l: Int) -> (Int, Int) {
        let s = stages[l], w = s.window
        let f = w.dilation.h * (w.kernel.h - 1) + 1
        return (max(0, w.stride.h * y1 - w.padding.h), min(s.inH - 1, w.stride.h * y2 - w.padding.h + f - 1))
    }

    /// Input columns of stage `l` needed for its output columns `x1...x2`.
    public func backProjectColumns(_ x1: Int, _ x2: Int, stage l: Int) -> (Int, Int) {
        let s = stages[l], w = s.window
        let f = w.dilation.w * (w.kernel.w - 1) + 1
        return (max(0, w.stride.w * x1 - w.padding.w), min(s.inW - 1, w.stride.w * x2 - w.padding.w + f - 1))
    }

    /// The region of stage `l`'s input needed for `rect` of its output.
    public func inputRegion(of rect: TileRect, stage l: Int) -> TileRect {
        let (r0, r1) = backProjectRows(rect.r0, rect.r1, stage: l)
        let (c0, c1) = backProjectColumns(rect.c0, rect.c1, stage: l)
        return TileRect(r0: r0, r1: r1, c0: c0, c1: c1)
    }

    /// Regions needed to compute `tile` of the block's output in fused mode:
    /// `[0]` is the block input region, `[l]` (1 … L) the output region of stage l − 1; the last is `tile`.
    public func fusedRegions(for tile: TileRect) -> [TileRect] {
        var regions = [TileRect](repeating: tile, count: stages.count + 1)
        for l in stride(from: stages.count - 1, through: 0, by: -1) {
            regions[l] = inputRegion(of: regions[l + 1], stage: l)
        }
        return regions
    }

    /// Constants of the composed back-projection from the block output to stage `l`'s output
    /// (`l = −1`: the block input): start = max(0, a·y₁ + b), end = min(K, a·y₂ + c).
    public func affineRows(toStageOutput l: Int) -> (a: Int, b: Int, c: Int, k: Int) {
        affine(toStageOutput: l, rows: true)
    }

    /// As ``affineRows(toStageOutput:)`` for columns.
    public func affineColumns(toStageOutput l: Int) -> (a: Int, b: Int, c: Int, k: Int) {
        affine(toStageOutput: l, rows: false)
    }

    private func affine(toStageOutput target: Int, rows: Bool) -> (a: Int, b: Int, c: Int, k: Int) {
        var a = 1, b = 0, c = 0
        var k = rows ? outputHeight - 1 : outputWidth - 1
        var l = stages.count - 1
        while l > target {
            let s = stages[l], w = s.window
            let (st, p, f) = rows ? (w.stride.h, w.padding.h, w.dilation.h * (w.kernel.h - 1) + 1)
                                  : (w.stride.w, w.padding.w, w.dilation.w * (w.kernel.w - 1) + 1)
            // start' = max(0, st·start − p); end' = min(in − 1, st·end − p + f − 1)
            a *= st
            b = st * b - p
            c = st * c - p + f - 1
            k = min(rows ? s.inH - 1 : s.inW - 1, st * k - p + f - 1)
            l -= 1
        }
        return (a, b, c, k)
    }

    /// FLOPs of computing `tile` of the block output in fused mode, halo recomputation included.
    public func fusedFLOPs(for tile: TileRect) -> Double {
        let regions = fusedRegions(for: tile)
        return stages.indices.reduce(0) { $0 + Double(regions[$1 + 1].area) * stages[$1].flopsPerOutputPixel }
    }
}
