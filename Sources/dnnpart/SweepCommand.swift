import ArgumentParser
import PartitionModel
import PartitionSolvers

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Solve an instance across a range of link bandwidths with every solver; write a CSV and an SVG chart.",
        discussion: """
        --bandwidth LOW..HIGH takes bandwidths with a unit (the unit of HIGH applies to LOW when LOW has none): 0.1..100Mbit/s, 100kbit/s..10Mbit/s, 1e4..1e7 (bytes/s). Points are spaced geometrically. The chart plots latency (ms) or, for --problem throughput, frames/s against the bandwidth on a log axis, one line per solver, with dashed marks where the optimal plan changes.

        Example:
          dnnpart sweep instances/zoo/resnet18-rpi3-server-8core-wifi.json --problem \\
            latency --bandwidth 0.1..100Mbit/s --steps 40 -o resnet18
          (writes resnet18.csv and resnet18.svg)
        """
    )

    @OptionGroup var options: ProblemOptions

    @Option(help: "Bandwidth range LOW..HIGH with a unit, e.g. 0.1..100Mbit/s.")
    var bandwidth: String = "0.1..100Mbit/s"

    @Option(parsing: .unconditional, help: "Number of points (≥ 2).")
    var steps: Int = 30

    @Option(parsing: .unconditional, help: "Which link to vary (0 = the first link above the input's tier).")
    var link: Int = 0

    @Option(name: [.customShort("o"), .long], help: "Output prefix: writes PREFIX.csv and PREFIX.svg (default: the instance name + -sweep).")
    var output: String?

    func validate() throws {
        guard (2...10_000).contains(steps) else { throw ValidationError("--steps must be in 2...10000, found \(steps)") }
        guard link >= 0 else { throw ValidationError("--link must be ≥ 0, found \(link)") }
    }

    func run() throws {
        defer { ProgressDisplay.shared.finish() }
        let (inst, kind) = try options.load()
        let (low, high) = try withInputErrors { try Self.parseRange(bandwidth) }
        let sweep = try withInputErrors { try BandwidthSweep.run(inst, problem: kind, link: link, from: low, to: high, steps: steps,
                                                                milpOptions: options.milpOptions) }
        let prefix = output ?? inst.name + "-sweep"
        let title = "\(inst.name): \(kind == .throughput ? "throughput" : "latency") (\(kind.rawValue)) vs bandwidth of link \(link)"
        try withInputErrors {
            try FileBytes.write(sweep.csv(), path: prefix + ".csv")
            try FileBytes.write(sweep.svg(title: title), path: prefix + ".svg")
        }
        if options.json {
            printJSON(.object([
                ("csv", .string(prefix + ".csv")), ("svg", .string(prefix + ".svg")),
                ("solvers", .array(sweep.solvers.map { .string($0) })), ("points", .int(sweep.points.count)),
                ("planChanges", .array(sweep.planChanges.map { .double(sweep.points[$0].bandwidth) })),
            ]))
            return
        }
        print("wrote \(prefix).csv and \(prefix).svg: \(sweep.points.count) points × \(sweep.solvers.count) solvers")
        print("the optimal plan changes \(sweep.planChanges.count) time(s)" + (sweep.planChanges.isEmpty ? "" : ", near " +
            sweep.planChanges.map { UnitFormat.bandwidth(sweep.points[$0].bandwidth) }.joined(separator: ", ")))
    }

    /// Parses `LOW..HIGH` with units; LOW inherits HIGH's unit when it has none.
    static func parseRange(_ text: String) throws -> (Double, Double) {
        let chars = Array(text)
        guard let dots = chars.indices.dropLast().first(where: { chars[$0] == "." && chars[$0 + 1] == "." }) else {
            throw InputError(file: "--bandwidth", path: text, reason: "expected LOW..HIGH, e.g. 0.1..100Mbit/s")
        }
        let lowText = String(chars[..<dots]), highText = String(chars[(dots + 2)...])
        func parse(_ s: String) throws -> Double {
            switch QuantityKind.bandwidth.parse(s) {
            case .success(let v): return v
            case .failure(let e): throw InputError(file: "--bandwidth", path: text, reason: e.reason)
            }
        }
        let high = try parse(highText)
        var low = try parse(lowText)
        // LOW without a unit takes HIGH's: the text after HIGH's longest numeric prefix.
        if Double(lowText.trimmingTrailingSpaces()) != nil, Double(highText.trimmingTrailingSpaces()) == nil {
            let h = Array(highText)
            if let cut = (0...h.count).reversed().first(where: { Double(String(h[..<$0]).trimmingTrailingSpaces()) != nil }) {
                low = try parse(lowText + String(h[cut...]))
            }
        }
        guard low > 0, high > low else { throw InputError(file: "--bandwidth", path: text, reason: "needs 0 < LOW < HIGH") }
        let range = InputLimits.range(of: .bandwidth)
        guard range.contains(low), range.contains(high) else {
            throw InputError(file: "--bandwidth", path: text, reason: "bandwidths must be in \(range.lowerBound)…\(range.upperBound) B/s")
        }
        return (low, high)
    }
}
