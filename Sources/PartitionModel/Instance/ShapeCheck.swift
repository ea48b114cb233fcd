/// Checks and completes the layers of an instance file: declared shapes are recomputed from the
/// window and the producer's shape, channels must agree, and the counts a file leaves out are derived.
///
/// Rules (docs/instance-format.md, "Shape checks"):
/// - a conv or pool layer with a `[C, H, W]` shape reading one `[C', H', W']` layer needs
///   `inChannels = C'` (and, for pools, `outChannels = C'`), and `outChannels = C`;
/// - its H and W must be what the window gives, `⌊(H' + 2p − d(k − 1) − 1) / s⌋ + 1`, or up to
///   `max(s − 1, d(k − 1))` more rows of padding at the end (ceil-mode pooling, SAME padding,
///   darknet's stride-1 pool);
/// - an fc layer without `macs` gets inputs × outputs MACs from the shapes (2 FLOPs per MAC);
/// - `params` absent: conv `outC · inC/groups · kh · kw + outC` (a bias is assumed), fc
///   `in · out + out`, batchnorm `2 · C`; `weightBytes` then follows from `params`.
///
/// - Complexity: O(layers + edges).
enum ShapeCheck {
    /// Which counts a layer gave explicitly.
    struct Given {
        var macs = false, flops = false, params = false, weightBytes = false
    }

    /// Checks every layer against its producers and fills in derived counts; `layersPath` is the
    /// JSON path of the layer array (errors name `layersPath[i].field`).
    static func apply(_ layers: inout [Layer], given: [Given], bytesPerElement: Double, file: String, layersPath: String) throws(InputError) {
        var byID: [String: Int] = [:]
        byID.reserveCapacity(layers.count)
        for (i, l) in layers.enumerated() where byID[l.id] == nil { byID[l.id] = i }
        for i in layers.indices {
            // Only window and fc layers look at their producers.
            guard layers[i].window != nil || layers[i].op == .fc || (!given[i].params && layers[i].op == .batchnorm) else { continue }
            let producers = layers[i].inputs.compactMap { byID[$0] }.map { layers[$0] }
            func fail(_ field: String, _ reason: String) -> InputError {
                InputError(file: file, path: "\(layersPath)[\(i)]\(field.isEmpty ? "" : "." + field)", reason: reason)
            }
            if let w = layers[i].window, producers.count == 1 {
                try checkWindow(layers[i], w, producer: producers[0], fail: fail)
            }
            derive(&layers[i], given[i], producers: producers, bytesPerElement: bytesPerElement)
        }
    }

    /// The channel and spatial checks of one conv or pool layer.
    static func checkWindow(_ l: Layer, _ w: WindowGeometry, producer p: Layer, fail: (String, String) -> InputError) throws(InputError) {
        guard p.shape.count == 3 else { return }
        if w.inChannels != p.shape[0] {
            throw fail("window.inChannels", "inChannels is \(w.inChannels), but \"\(p.id)\" produces \(p.shape[0]) channels (shape \(p.shape))")
        }
        if l.op != .conv, w.outChannels != p.shape[0] {
            throw fail("window.outChannels", "a pool keeps its \(p.shape[0]) channels, but outChannels is \(w.outChannels)")
        }
        guard l.shape.count == 3 else { return }
        let expected = [w.outChannels, size(p.shape[1], w.kernel.h, w.stride.h, w.padding.h, w.dilation.h, extra: 0),
                        size(p.shape[2], w.kernel.w, w.stride.w, w.padding.w, w.dilation.w, extra: 0)]
        let most = [w.outChannels, size(p.shape[1], w.kernel.h, w.stride.h, w.padding.h, w.dilation.h, extra: max(w.stride.h - 1, w.dilation.h * (w.kernel.h - 1))),
                    size(p.shape[2], w.kernel.w, w.stride.w, w.padding.w, w.dilation.w, extra: max(w.stride.w - 1, w.dilation.w * (w.kernel.w - 1)))]
        let fits = l.shape[0] == w.outChannels && (1...2).allSatisfy { l.shape[$0] >= expected[$0] && l.shape[$0] <= most[$0] }
        if !fits {
            throw fail("shape", "declared \(l.shape), window \(w.kernel.h)×\(w.kernel.w) stride \(pair(w.stride)) padding \(pair(w.padding))" +
                       (w.dilation == (1, 1) ? "" : " dilation \(pair(w.dilation))") + " on \(p.shape) (\"\(p.id)\") gives \(expected)")
        }
    }

    /// Output size along one axis with `extra` padding at the end (0 when the window does not fit).
    static func size(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int, extra: Int) -> Int {
        let room = n + 2 * p + extra - d * (k - 1) - 1
        return room < 0 ? 0 : room / s + 1
    }

    static func pair(_ x: (h: Int, w: Int)) -> String { x.h == x.w ? "\(x.h)" : "\(x.h)×\(x.w)" }

    /// Fills in fc MACs and FLOPs, parameters and weight bytes that the file left out.
    static func derive(_ l: inout Layer, _ g: Given, producers: [Layer], bytesPerElement: Double) {
        let inElements = producers.reduce(0.0) { $0 + elements($1.shape) }
        let outElements = elements(l.shape)
        if l.op == .fc, !g.macs, !l.shape.isEmpty, producers.allSatisfy({ !$0.shape.isEmpty }) {
            l.macs = inElements * outElements
            if !g.flops { l.flops = 2 * l.macs }
        }
        if !g.params {
            var params = 0.0
            switch l.op {
            case .conv:
                if let w = l.window {
                    params = Double(w.outChannels) * Double(w.inChannels / w.groups) * Double(w.kernel.h) * Double(w.kernel.w) + Double(w.outChannels)
                }
            case .fc where l.macs > 0 && !l.shape.isEmpty: params = l.macs + outElements
            case .batchnorm where !l.shape.isEmpty: params = 2 * Double(l.shape[0])
            default: break
            }
            if params > 0, params <= Double(InputLimits.maxParams) {
                l.params = Int(params)
                if !g.weightBytes { l.weightBytes = params * bytesPerElement }
            }
        }
    }

    static func elements(_ shape: [Int]) -> Double { shape.isEmpty ? 0 : shape.reduce(1.0) { $0 * Double($1) } }

    /// Layers whose time a device would estimate from zero work: a conv without window or MACs,
    /// an fc without MACs (and no shapes to derive them). Returns the first such layer that some
    /// estimating tier (`estimated(layerIndex)` true) would time, as an error at that layer.
    static func checkWork(_ graph: LayerGraph, file: String, layersPath: String, estimated: (Int) -> String?) throws(InputError) {
        for (i, l) in graph.layers.enumerated() where (l.op == .conv || l.op == .fc) && l.macs == 0 && l.flops == 0 {
            guard let tier = estimated(i) else { continue }
            let what = l.op == .conv ? "a conv layer without \"window\" or \"macs\"" : "an fc layer without \"macs\" (and no shapes to derive them from)"
            throw InputError(file: file, path: "\(layersPath)[\(i)]",
                             reason: "\"\(l.id)\" is \(what): \(tier) would estimate its time from 0 operations; give its window or macs, or a measured time")
        }
    }
}
