import ArgumentParser
import PartitionModel

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Work with measured layer times.",
        subcommands: [ProfileFit.self]
    )
}

struct ProfileFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit per-op-type regressions of measured time on FLOPs and bytes; write a profile for every layer.",
        discussion: """
        Neurosurgeon's predictor: per tier and op type, time = a + b·FLOPs + c·bytes (bytes = inputs + output + weights), least squares with non-negative coefficients. Op types without measurements on a tier use that tier's fit of all its measured layers. Prints each fit with its MAPE and R² on the measured layers; -o writes a profile (layer,tier,ms) with a time for every layer of the instance on every measured tier: the measured time where there is one, the prediction elsewhere (--predict-all: the prediction everywhere).

        Example:
          dnnpart profile fit edge.csv --instance r18.json -o edge-full.csv
        """
    )

    @Argument(help: "Measured times: CSV layer,tier,UNIT (s, ms or us in the header).")
    var measured: String

    @Option(help: "The instance whose layers the times belong to.")
    var instance: String

    @Flag(help: "Write predictions for measured layers too (default: keep their measured time).")
    var predictAll = false

    @Option(name: [.customShort("o"), .long], help: "Write the full profile CSV here.")
    var output: String?

    @Flag(help: "Machine-readable output.")
    var json = false

    func run() throws {
        try withInputErrors {
            let inst = try InstanceReader.read(file: instance)
            let rows = try ProfileCSV.read(file: measured)
            _ = try inst.applyingProfile(rows, file: measured)  // the same checks as --profile: tiers, ids, repeats
            let predictor = LatencyPredictor(graph: inst.graph, measured: rows)
            let g = inst.graph
            var csv = "layer,tier,ms\n"
            for tier in predictor.tiers {
                let known = Dictionary(rows.filter { $0.tier == tier }.map { ($0.layer, $0.seconds) }, uniquingKeysWith: { a, _ in a })
                for (v, l) in g.layers.enumerated() where v != g.inputIndex {
                    let x = LatencyPredictor.features(g, v)
                    let t = (predictAll ? nil : known[l.id]) ?? predictor.fit(tier: tier, op: l.op)!.predict(flops: x.flops, bytes: x.bytes)
                    csv += "\(l.id),\(tier),\(t * 1e3)\n"
                }
            }
            if let path = output { try FileBytes.write(csv, path: path) }
            if json {
                printJSON(.object([("fits", .array(predictor.fits.map { f in
                    .object([("tier", .string(f.tier)), ("op", .string(f.op)), ("samples", .int(f.samples)),
                             ("interceptSeconds", .double(f.intercept)), ("secondsPerFLOP", .double(f.perFLOP)),
                             ("secondsPerByte", .double(f.perByte)), ("mape", .double(f.mape)), ("r2", .double(f.r2))])
                })), ("wrote", output.map { .string($0) } ?? .null)]))
                return
            }
            var table = TextTable(header: ["tier", "op", "samples", "a (ms)", "b (ns/FLOP)", "c (ns/B)", "MAPE (%)", "R²"], rightAligned: Set(2..<8))
            for f in predictor.fits {
                table.rows.append([f.tier, f.op, "\(f.samples)", UnitFormat.fixed(f.intercept * 1e3, 4), UnitFormat.fixed(f.perFLOP * 1e9, 6),
                                   UnitFormat.fixed(f.perByte * 1e9, 6), UnitFormat.fixed(f.mape * 100, 2), UnitFormat.fixed(f.r2, 4)])
            }
            print(table.render(), terminator: "")
            if let path = output { print("wrote \(path): \(g.count - 1) layers per tier") }
        }
    }
}
