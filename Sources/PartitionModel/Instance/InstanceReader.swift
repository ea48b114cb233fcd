/// Reads instance files (format version 1, `docs/instance-format.md`).
///
/// Every error is an ``InputError`` with the file, the JSON path and the
/// reason; nothing in a file can crash or hang the reader.
public enum InstanceReader {
    /// The format versions this reader understands.
    public static let supportedFormats = [1]

    /// Reads the instance file at `path`.
    public static func read(file path: String) throws(InputError) -> Instance {
        try read(JSONCursor.load(file: path))
    }

    /// Reads an instance from JSON text; `file` names it in errors.
    public static func read(text: String, file: String = "<input>") throws(InputError) -> Instance {
        try read(JSONCursor.parse(bytes: Array(text.utf8), file: file))
    }

    static let topKeys = ["$schema", "format", "name", "description", "model", "tiers", "links", "cluster", "problem"]
    static let modelKeys = ["name", "bytesPerElement", "layers"]
    static let layerKeys = ["id", "op", "inputs", "shape", "outputBytes", "macs", "flops", "params", "weightBytes", "window"]
    static let windowKeys = ["kernel", "stride", "padding", "inChannels", "outChannels", "groups", "dilation"]
    static let tierKeys = ["name", "device", "profile"]
    static let deviceKeys = ["name", "flopsPerSecond", "flopsPerSecondByOp", "memoryBandwidth", "memoryCapacity", "layerOverhead",
                             "computeWatts", "idleWatts"]
    static let linkKeys = ["from", "to", "bandwidth", "latency", "downlinkBandwidth", "transmitWatts", "receiveWatts"]
    static let problemKeys = ["kind", "rate", "resultBytes", "layers", "mode", "layer", "weights", "execution", "exchangeSeconds", "planSpace", "objective", "lambda", "idleEnergy", "activationMemory", "bandwidths"]
    static let weightKeys = ["generator", "density", "blocks", "noise", "seed", "file"]
    static let clusterKeys = ["name", "device", "bandwidth", "latency"]

    /// Reads an instance from a parsed document.
    public static func read(_ root: JSONCursor) throws(InputError) -> Instance {
        try root.requireOnlyKeys(topKeys)
        let formatCursor = try root.field("format")
        let format = try formatCursor.positiveInt()
        guard supportedFormats.contains(format) else {
            throw formatCursor.error("unsupported format version \(format) (this dnnpart reads version \(supportedFormats.map(String.init).joined(separator: ", ")))")
        }
        let name = try root.field("name").identifier()
        let description = try root.optionalField("description")?.string() ?? ""
        let graph = try readModel(root.field("model"))
        let cluster = try readCluster(root.optionalField("cluster"))
        let tiers = cluster.isEmpty || root.value["tiers"] != nil ? try readTiers(root.field("tiers"), graph: graph) : []
        let links = tiers.isEmpty ? [] : try readLinks(root.field("links"), tiers: tiers)
        try ShapeCheck.checkWork(graph, file: root.file, layersPath: "$.model.layers") { v in
            tiers.first(where: { $0.device != nil && $0.profile[v] == nil }).map { "tier \"\($0.name)\"" }
        }
        let problem = try readProblem(root.optionalField("problem"))
        if let layers = problem.layers {
            for id in [layers.from, layers.to] where graph.index[id] == nil {
                throw try root.field("problem").field("layers").error("unknown layer id \"\(id)\"")
            }
        }
        return try Instance(name: name, description: description, graph: graph, tiers: tiers, links: links,
                            problem: problem, cluster: cluster, file: root.file)
    }

    // MARK: Model

    static func readModel(_ model: JSONCursor) throws(InputError) -> LayerGraph {
        try model.requireOnlyKeys(modelKeys)
        let bytesPerElement = try model.optionalField("bytesPerElement")?.quantity(.bytes, allowZero: false) ?? 4
        let layersCursor = try model.field("layers")
        let layerCursors = try layersCursor.array()
        guard layerCursors.count <= InputLimits.maxLayers else {
            throw layersCursor.error("\(layerCursors.count) layers exceed the limit \(InputLimits.maxLayers)")
        }
        var layers: [Layer] = [], given: [ShapeCheck.Given] = []
        layers.reserveCapacity(layerCursors.count)
        for c in layerCursors {
            let (layer, g) = try readLayer(c, bytesPerElement: bytesPerElement)
            layers.append(layer)
            given.append(g)
        }
        try ShapeCheck.apply(&layers, given: given, bytesPerElement: bytesPerElement, file: model.file, layersPath: model.path + ".layers")
        do {
            return try LayerGraph(layers: layers)
        } catch {
            let layersPath = model.path + ".layers"
            let path: String
            switch error {
            case .empty, .noInputLayer, .cycle: path = layersPath
            case let .duplicateID(_, layer, _): path = "\(layersPath)[\(layer)].id"
            case let .unknownInput(layer, k, _): path = "\(layersPath)[\(layer)].inputs[\(k)]"
            case let .selfLoop(layer), let .inputLayerHasInputs(layer), let .noInputs(layer):
                path = "\(layersPath)[\(layer)].inputs"
            case let .multipleInputLayers(_, second): path = "\(layersPath)[\(second)].op"
            case let .unreachable(layer): path = "\(layersPath)[\(layer)]"
            }
            throw InputError(file: model.file, path: path, reason: error.reason)
        }
    }

    static func readLayer(_ c: JSONCursor, bytesPerElement: Double) throws(InputError) -> (Layer, ShapeCheck.Given) {
        try c.requireOnlyKeys(layerKeys)
        let id = try c.field("id").identifier()
        let opCursor = try c.field("op")
        let opName = try opCursor.string()
        guard let op = OpKind(rawValue: opName) else {
            throw opCursor.error("unknown op \"\(opName)\" (known: \(OpKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var inputs: [String] = []
        if let ic = try c.optionalField("inputs") {
            for item in try ic.array() { inputs.append(try item.identifier()) }
        }
        var shape: [Int] = []
        if let sc = try c.optionalField("shape") {
            var elements = 1
            for item in try sc.array() {
                let d = try item.positiveInt(maximum: InputLimits.maxDimension)
                let (p, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow, p <= InputLimits.maxElements else {
                    throw sc.error("the product of the dimensions exceeds the limit 2^53 elements")
                }
                elements = p
                shape.append(d)
            }
        }
        let outputBytes: Double
        if let oc = try c.optionalField("outputBytes") {
            outputBytes = try oc.quantity(.bytes)
        } else if !shape.isEmpty {
            outputBytes = Double(shape.reduce(1, *)) * bytesPerElement
            guard outputBytes <= InputLimits.range(of: .bytes).upperBound else {
                throw try c.field("shape").error("the output tensor has \(outputBytes) bytes, above the limit 1e18")
            }
        } else {
            throw c.error("layer \"\(id)\" needs \"shape\" or \"outputBytes\" (the size of its output tensor)")
        }
        let window = try c.optionalField("window").map { (w) throws(InputError) in try readWindow(w) }
        var macs = try c.optionalField("macs")?.nonNegativeDouble(maximum: InputLimits.maxOperations)
        if macs == nil, op == .conv, let w = window, shape.count == 3 {
            // In Double: every factor is range-checked, their product may exceed Int.
            macs = Double(shape[0]) * Double(shape[1]) * Double(shape[2])
                * (Double(w.inChannels / w.groups) * Double(w.kernel.h) * Double(w.kernel.w))
            if macs! > InputLimits.maxOperations { throw c.error("layer \"\(id)\" has \(macs!) MACs, above the limit 1e24") }
        }
        let flops = try c.optionalField("flops")?.nonNegativeDouble(maximum: InputLimits.maxOperations) ?? 2 * (macs ?? 0)
        let params = try c.optionalField("params")?.nonNegativeInt(maximum: InputLimits.maxParams) ?? 0
        let weightBytes = try c.optionalField("weightBytes")?.quantity(.bytes) ?? Double(params) * bytesPerElement
        if window != nil, !op.hasWindow {
            throw try c.field("window").error("only conv, maxpool and avgpool layers have a window")
        }
        let given = ShapeCheck.Given(macs: c.value["macs"] != nil || macs != nil, flops: c.value["flops"] != nil,
                                     params: c.value["params"] != nil, weightBytes: c.value["weightBytes"] != nil)
        return (Layer(id: id, op: op, inputs: inputs, shape: shape, outputBytes: outputBytes, macs: macs ?? 0,
                      flops: flops, params: params, weightBytes: weightBytes, window: window), given)
    }

    /// A pair `[h, w]` or a single integer used for both.
    static func readPair(_ c: JSONCursor, minimum: Int) throws(InputError) -> (h: Int, w: Int) {
        let pair: (Int, Int)
        if case .array = c.value {
            let items = try c.array()
            guard items.count == 2 else { throw c.error("expected [height, width], found \(items.count) numbers") }
            pair = (try items[0].nonNegativeInt(maximum: InputLimits.maxWindow), try items[1].nonNegativeInt(maximum: InputLimits.maxWindow))
        } else {
            let x = try c.nonNegativeInt(maximum: InputLimits.maxWindow)
            pair = (x, x)
        }
        guard pair.0 >= minimum, pair.1 >= minimum else { throw c.error("must be ≥ \(minimum)") }
        return pair
    }

    static func readWindow(_ w: JSONCursor) throws(InputError) -> WindowGeometry {
        try w.requireOnlyKeys(windowKeys)
        let kernel = try readPair(w.field("kernel"), minimum: 1)
        let stride = try w.optionalField("stride").map { (c) throws(InputError) in try readPair(c, minimum: 1) } ?? (1, 1)
        let padding = try w.optionalField("padding").map { (c) throws(InputError) in try readPair(c, minimum: 0) } ?? (0, 0)
        let dilation = try w.optionalField("dilation").map { (c) throws(InputError) in try readPair(c, minimum: 1) } ?? (1, 1)
        let inC = try w.field("inChannels").positiveInt(maximum: InputLimits.maxDimension)
        let outC = try w.field("outChannels").positiveInt(maximum: InputLimits.maxDimension)
        let groupsCursor = try w.optionalField("groups")
        let groups = try groupsCursor?.positiveInt(maximum: InputLimits.maxDimension) ?? 1
        if let g = groupsCursor, inC % groups != 0 || outC % groups != 0 {
            throw g.error("groups (\(groups)) must divide inChannels (\(inC)) and outChannels (\(outC))")
        }
        return WindowGeometry(kernel: kernel, stride: stride, padding: padding, inChannels: inC, outChannels: outC,
                              groups: groups, dilation: dilation)
    }

    // MARK: Tiers and links

    static func readTiers(_ c: JSONCursor, graph: LayerGraph) throws(InputError) -> [Tier] {
        let items = try c.array()
        guard !items.isEmpty else { throw c.error("at least one tier is needed") }
        var tiers: [Tier] = []
        for t in items {
            try t.requireOnlyKeys(tierKeys)
            let name = try t.field("name").identifier()
            let device = try t.optionalField("device").map { (d) throws(InputError) in try readDevice(d) }
            var profile: [Int: Double] = [:]
            if let p = try t.optionalField("profile") {
                for (layerID, value) in try p.object() {
                    guard let v = graph.index[layerID] else {
                        throw value.error("unknown layer id \"\(layerID)\" in profile")
                    }
                    profile[v] = try value.quantity(.duration)
                }
            }
            if device == nil, profile.isEmpty {
                throw t.error("tier \"\(name)\" needs a \"device\" (to estimate layer times) or a \"profile\" (measured times)")
            }
            tiers.append(Tier(name: name, device: device, profile: profile))
        }
        return tiers
    }

    static func readDevice(_ d: JSONCursor) throws(InputError) -> Device {
        try d.requireOnlyKeys(deviceKeys)
        let name = try d.field("name").identifier()
        let flops = try d.field("flopsPerSecond").quantity(.flopRate, allowZero: false)
        var byOp: [OpKind: Double] = [:]
        if let m = try d.optionalField("flopsPerSecondByOp") {
            for (key, value) in try m.object() {
                guard let op = OpKind(rawValue: key) else {
                    throw value.error("unknown op \"\(key)\" (known: \(OpKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                byOp[op] = try value.quantity(.flopRate, allowZero: false)
            }
        }
        let bw = try d.field("memoryBandwidth").quantity(.bandwidth, allowZero: false)
        let cap = try d.optionalField("memoryCapacity")?.quantity(.bytes)
        let overhead = try d.optionalField("layerOverhead")?.quantity(.duration) ?? 0
        return Device(name: name, flopsPerSecond: flops, flopsPerSecondByOp: byOp, memoryBandwidth: bw,
                      memoryCapacity: cap, layerOverhead: overhead,
                      computeWatts: try d.optionalField("computeWatts")?.quantity(.power), idleWatts: try d.optionalField("idleWatts")?.quantity(.power))
    }

    static func readLinks(_ c: JSONCursor, tiers: [Tier]) throws(InputError) -> [NetworkLink] {
        let items = try c.array()
        guard items.count == tiers.count - 1 else {
            throw c.error("\(tiers.count) tiers need \(tiers.count - 1) link(s) between consecutive tiers, found \(items.count)")
        }
        var links: [NetworkLink] = []
        for (k, l) in items.enumerated() {
            try l.requireOnlyKeys(linkKeys)
            let fromCursor = try l.field("from"), toCursor = try l.field("to")
            let from = try fromCursor.string(), to = try toCursor.string()
            guard from == tiers[k].name else {
                throw fromCursor.error("link \(k) must start at tier \"\(tiers[k].name)\" (links join consecutive tiers), found \"\(from)\"")
            }
            guard to == tiers[k + 1].name else {
                throw toCursor.error("link \(k) must end at tier \"\(tiers[k + 1].name)\" (links join consecutive tiers), found \"\(to)\"")
            }
            let bw = try l.field("bandwidth").quantity(.bandwidth, allowZero: false)
            let latency = try l.optionalField("latency")?.quantity(.duration) ?? 0
            let down = try l.optionalField("downlinkBandwidth")?.quantity(.bandwidth, allowZero: false)
            links.append(NetworkLink(bandwidth: bw, latency: latency, downlinkBandwidth: down,
                                     transmitWatts: try l.optionalField("transmitWatts")?.quantity(.power),
                                     receiveWatts: try l.optionalField("receiveWatts")?.quantity(.power)))
        }
        return links
    }

    static func readCluster(_ c: JSONCursor?) throws(InputError) -> [ClusterDevice] {
        guard let c else { return [] }
        var out: [ClusterDevice] = []
        let devices = try c.array()
        guard devices.count <= InputLimits.maxDevices else {
            throw c.error("\(devices.count) devices exceed the limit \(InputLimits.maxDevices)")
        }
        for d in devices {
            try d.requireOnlyKeys(clusterKeys)
            out.append(ClusterDevice(name: try d.field("name").identifier(), device: try readDevice(d.field("device")),
                                     bandwidth: try d.field("bandwidth").quantity(.bandwidth, allowZero: false),
                                     latency: try d.optionalField("latency")?.quantity(.duration) ?? 0))
        }
        return out
    }

    /// The index of the cluster device named by the string at `c`; an error listing the names otherwise.
    static func clusterDeviceIndex(_ c: JSONCursor, in cluster: [ClusterDevice]) throws(InputError) -> Int {
        let name = try c.string()
        guard let index = cluster.firstIndex(where: { $0.name == name }) else {
            throw c.error("unknown device \"\(name)\" (devices: \(cluster.map(\.name).joined(separator: ", ")))")
        }
        return index
    }

    /// Checks a plan file's `"format"` (optional; when present it must be 1) and `"kind"` (when present, `kind`).
    public static func checkPlanHeader(_ c: JSONCursor, kind: String) throws(InputError) {
        if let f = try c.optionalField("format") {
            let v = try f.positiveInt()
            guard v == 1 else { throw f.error("unsupported plan format version \(v) (this dnnpart reads version 1)") }
        }
        if let k = try c.optionalField("kind"), try k.string() != kind { throw k.error("expected a \"\(kind)\" plan") }
    }

    /// Parses `"A..B"` layer ranges.
    public static func layerRange(_ text: String) -> (from: String, to: String)? {
        let parts = text.components(separatedByTwoDots: ())
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (parts[0], parts[1])
    }

    static func readProblem(_ c: JSONCursor?) throws(InputError) -> ProblemSpec {
        guard let c else { return ProblemSpec(kind: .latency) }
        try c.requireOnlyKeys(problemKeys)
        let kindCursor = try c.field("kind")
        let kindName = try kindCursor.string()
        guard let kind = ProblemKind(rawValue: kindName) else {
            throw kindCursor.error("unknown problem kind \"\(kindName)\" (known: \(ProblemKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let rateCursor = try c.optionalField("rate")
        let rate = try rateCursor?.nonNegativeDouble()
        if let rate, rate == 0, let rateCursor { throw rateCursor.error("frame rate must be > 0") }
        let resultBytes = try c.optionalField("resultBytes")?.quantity(.bytes)
        var layers: (from: String, to: String)?
        if let l = try c.optionalField("layers") {
            guard let r = layerRange(try l.string()) else { throw l.error("expected \"FIRST..LAST\" layer ids") }
            layers = r
        }
        var mode: TilingMode?
        if let m = try c.optionalField("mode") {
            guard let v = TilingMode(rawValue: try m.string()) else { throw m.error("mode must be fused or layerwise") }
            mode = v
        }
        let fcLayer = try c.optionalField("layer")?.string()
        let weights = try readWeights(c.optionalField("weights"))
        var spec = ProblemSpec(kind: kind, rate: rate, resultBytes: resultBytes, layers: layers, tilingMode: mode, fcLayer: fcLayer, weights: weights)
        if let e = try c.optionalField("execution") { spec.execution = try TilingExecution.read(e) }
        if let x = try c.optionalField("exchangeSeconds") {
            let v = try x.quantity(.duration)
            guard v <= 1e6 else { throw x.error("an exchange cost must be at most 1e6 s, found \(v) s") }
            spec.exchangeSeconds = v
        }
        if let p = try c.optionalField("planSpace") {
            guard let v = ChannelPlanSpace(rawValue: try p.string()) else { throw p.error("planSpace must be groups or mixed") }
            spec.planSpace = v
        }
        spec.objective = try readObjective(c)
        spec.activationMemory = try c.optionalField("activationMemory")?.bool()
        if let m = try c.optionalField("bandwidths") {
            let rows = try m.array()
            guard rows.count <= InputLimits.maxDevices else { throw m.error("\(rows.count) rows exceed the device limit \(InputLimits.maxDevices)") }
            var matrix: [[Double]] = []
            for r in rows {
                let cells = try r.array()
                guard cells.count == rows.count else { throw r.error("a bandwidth matrix must be square: \(cells.count) entries in a row of \(rows.count)") }
                matrix.append(try cells.map { (x) throws(InputError) in try x.quantity(.bandwidth, allowZero: false) })
            }
            spec.bandwidths = matrix
        }
        return spec
    }

    /// `"objective": "latency" | "energy" | "weighted"`, `"lambda"` (seconds per joule, weighted only), `"idleEnergy"`.
    static func readObjective(_ c: JSONCursor) throws(InputError) -> TierObjective? {
        let kindField = try c.optionalField("objective"), lambdaField = try c.optionalField("lambda"), idleField = try c.optionalField("idleEnergy")
        guard kindField != nil || lambdaField != nil || idleField != nil else { return nil }
        var objective = TierObjective()
        if let k = kindField {
            guard let kind = TierObjective.Kind(rawValue: try k.string()) else { throw k.error("objective must be latency, energy or weighted") }
            objective.kind = kind
        }
        if let l = lambdaField {
            let v = try l.double()
            guard v.isFinite, v >= 0, v <= 1e12 else { throw l.error("lambda must be a number of seconds per joule in 0…1e12, found \(v)") }
            guard objective.kind == .weighted else { throw l.error("lambda applies to the weighted objective only") }
            objective.lambda = v
        }
        if let i = idleField { objective.idle = try i.bool() }
        return objective
    }

    /// `{"generator": "magnitude", "density": 0.09, "seed": 1}`,
    /// `{"generator": "blocks", "blocks": 8, "density": 0.01, "noise": 0.05, "seed": 1}` or `{"file": "w.mtx"}`.
    public static func readWeights(_ c: JSONCursor?) throws(InputError) -> WeightSource? {
        guard let c else { return nil }
        try c.requireOnlyKeys(weightKeys)
        if let f = try c.optionalField("file") {
            guard c.value["generator"] == nil else { throw f.error("give either a file or a generator, not both") }
            let path = try f.string()
            guard !path.isEmpty else { throw f.error("the file name is empty") }
            return .file(path)
        }
        let g = try c.field("generator")
        let density = try c.field("density").nonNegativeDouble()
        let seedCursor = try c.optionalField("seed")
        let seedValue = try seedCursor?.nonNegativeDouble() ?? 1
        guard seedValue == seedValue.rounded(), seedValue < 9.0e15 else { throw try c.field("seed").error("the seed must be a whole number ≥ 0") }
        let name = try g.string()
        var blocks = 1
        if name == "blocks" {
            let b = try c.field("blocks").nonNegativeDouble()
            guard b >= 1, b == b.rounded(), b < 1e6 else { throw try c.field("blocks").error("blocks must be a whole number ≥ 1") }
            blocks = Int(b)
        }
        guard let pattern = SparsityPattern(generator: name, density: density, blocks: blocks, noise: try c.optionalField("noise")?.nonNegativeDouble() ?? 0) else {
            throw g.error("unknown generator \"\(name)\" (known: \(SparsityPattern.generatorNames.joined(separator: ", ")))")
        }
        if let why = pattern.problem { throw try c.field(why.hasPrefix("noise") ? "noise" : why.hasPrefix("blocks") ? "blocks" : "density").error(why) }
        return .generated(pattern, seed: UInt64(seedValue))
    }
}

extension String {
    /// Splits at the first `..`.
    func components(separatedByTwoDots: ()) -> [String] {
        let chars = Array(self)
        guard let i = chars.indices.dropLast().first(where: { chars[$0] == "." && chars[$0 + 1] == "." }) else { return [self] }
        return [String(chars[..<i]), String(chars[(i + 2)...])]
    }
}
