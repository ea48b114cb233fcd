import ArgumentParser
import PartitionModel
import PartitionSolvers

struct RepartitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repartition",
        abstract: "Re-solve the latency split after one link's bandwidth or one tier's speed changes (D3's dynamic re-partition).",
        discussion: """
        Reports which layers move tier, the old optimum, what keeping the old plan would cost after the change, the new optimum, the re-solve time, and the bytes each plan sends over every link (the last link is the backbone to the cloud).

        Examples:
          dnnpart repartition instances/zoo/resnet18-rpi3-server-8core-wifi.json \\
            --link 0 --bandwidth 1.1Mbit/s
          dnnpart repartition three-tier.json --tier edge --speed-factor 0.5
        """
    )

    @Argument(help: "Instance file (JSON).")
    var instance: String

    @Option(parsing: .unconditional, help: "Index of the link whose bandwidth changes.")
    var link: Int?

    @Option(help: "The link's new bandwidth, with a unit (e.g. 5.85Mbit/s).")
    var bandwidth: String?

    @Option(help: "Name of the tier whose speed changes.")
    var tier: String?

    @Option(parsing: .unconditional, help: "The tier's new speed relative to the old one (0.5 = half as fast).")
    var speedFactor: Double?

    @Option(help: "Measured layer times: CSV layer,tier,UNIT with the unit (s, ms or us) in the header.")
    var profile: String?

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    @Flag(help: "List every moved layer (the text lists the first 20 otherwise; --json always lists all).")
    var all = false

    func validate() throws {
        if let f = speedFactor, !(f.isFinite && f >= 1e-6 && f <= 1e6) {
            throw ValidationError("--speed-factor must be in 1e-6…1e6, found \(f)")
        }
        if let k = link, k < 0 { throw ValidationError("--link must be ≥ 0, found \(k)") }
    }

    func run() throws {
        let inst = try withInputErrors { try loadInstance(instance, profile: profile) }
        let change: Repartition.Change = try withInputErrors {
            switch (link, bandwidth, tier, speedFactor) {
            case let (k?, b?, nil, nil):
                switch QuantityKind.bandwidth.parse(b) {
                case .success(let v):
                    let range = InputLimits.range(of: .bandwidth)
                    guard range.contains(v) else {
                        throw InputError(file: "--bandwidth", path: b, reason: "the bandwidth must be in \(range.lowerBound)…\(range.upperBound) B/s")
                    }
                    return .linkBandwidth(link: k, bytesPerSecond: v)
                case .failure(let e): throw InputError(file: "--bandwidth", path: b, reason: e.reason)
                }
            case let (nil, nil, name?, f?):
                guard let k = inst.tierIndex(named: name) else {
                    throw SolverInputError("unknown tier \"\(name)\" (tiers: \(inst.tiers.map(\.name).joined(separator: ", ")))")
                }
                return .tierSpeed(tier: k, factor: f)
            default:
                throw SolverInputError("give either --link and --bandwidth, or --tier and --speed-factor")
            }
        }
        let r = try withInputErrors { try Repartition.apply(inst, change: change) }
        if json {
            printJSON(.object([
                ("change", .string(change.description)),
                ("moved", .array(r.moved.map { .object([("layer", .string($0.layer)), ("from", .string($0.from)), ("to", .string($0.to))]) })),
                ("oldLatency", .double(r.oldLatency)), ("stayLatency", .double(r.stayLatency)), ("newLatency", .double(r.newLatency)),
                ("resolveSeconds", .double(r.resolveSeconds)),
                ("oldLinkBytes", .array(r.oldLinkBytes.map { .double($0) })), ("newLinkBytes", .array(r.newLinkBytes.map { .double($0) })),
                ("plan", TierPlanIO.json(r.newPlan, instance: r.instance)),
            ]))
            return
        }
        print("change: \(change)")
        print("old optimum           \(UnitFormat.duration(r.oldLatency))")
        print("old plan after change \(UnitFormat.duration(r.stayLatency))")
        print("new optimum           \(UnitFormat.duration(r.newLatency))  (re-solved in \(UnitFormat.duration(r.resolveSeconds)))")
        for k in r.oldLinkBytes.indices {
            let name = "\(inst.tiers[k].name) -> \(inst.tiers[k + 1].name)" + (k == r.oldLinkBytes.count - 1 && k > 0 ? " (backbone)" : "")
            print("\(name): \(UnitFormat.bytes(r.oldLinkBytes[k])) before, \(UnitFormat.bytes(r.newLinkBytes[k])) after")
        }
        if r.moved.isEmpty {
            print("no layer moves")
        } else {
            print("\(r.moved.count) layer(s) move:")
            var t = TextTable(header: ["layer", "from", "to"])
            for m in r.moved.prefix(all ? r.moved.count : 20) { t.rows.append([m.layer, m.from, m.to]) }
            print(t.render(), terminator: "")
            if !all, r.moved.count > 20 { print("… and \(r.moved.count - 20) more (--all lists them, as does --json)") }
        }
    }
}
