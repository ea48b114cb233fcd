import ArgumentParser
import ModelZoo
import PartitionModel

/// The tier, network and profile options that `zoo export` and `import` share.
struct TierPresetOptions: ParsableArguments {
    @Option(help: "Device preset of the tier holding the input in three-tier problems.")
    var device: String?

    @Option(help: "Device preset of the edge tier.")
    var edge: String = "rpi3"

    @Option(help: "Device preset of the cloud tier.")
    var cloud: String = "server-8core"

    @Option(help: "Network preset of the first link.")
    var network: String = "wifi"

    @Option(help: "Network preset of the edge–cloud link (three-tier).")
    var backbone: String?

    @Option(parsing: .unconditional, help: "Required frame rate, frames/s (throughput).")
    var rate: Double?

    @Option(help: "Memory the edge tier's device leaves for inference (overrides the preset's capacity), e.g. 128MB.")
    var edgeMemory: String?

    @Option(help: "Measured layer times: CSV layer,tier,<unit> with the unit in the header (s, ms or us).")
    var profile: String?

    /// The tiers and links of `problem`: device → edge → cloud for three-tier, edge → cloud otherwise.
    func tiersAndLinks(_ problem: ProblemKind) throws(PartitionError) -> (tiers: [(name: String, device: DevicePreset)], links: [NetworkPreset]) {
        if let r = rate, !(r.isFinite && r > 0) { throw PartitionError("--rate must be a frame rate > 0") }
        if problem == .threeTier {
            guard let d = device, let b = backbone else {
                throw PartitionError("three-tier instances need --device and --backbone as well as --edge, --cloud and --network")
            }
            return ([("device", try DevicePresets.require(d)), ("edge", try DevicePresets.require(edge)), ("cloud", try DevicePresets.require(cloud))],
                    [try NetworkPresets.require(network), try NetworkPresets.require(b)])
        }
        var edgePreset = try DevicePresets.require(edge)
        if let text = edgeMemory {
            switch QuantityKind.bytes.parse(text) {
            case .success(let v) where v > 0 && v <= 1e18: edgePreset = edgePreset.withMemory(v)
            case .success(let v): throw PartitionError("--edge-memory must be in 1 B … 1e18 B, found \(v) B")
            case .failure(let f): throw PartitionError("--edge-memory: \(f.reason)")
            }
        }
        return ([("edge", edgePreset), ("cloud", try DevicePresets.require(cloud))], [try NetworkPresets.require(network)])
    }

    /// The measured times of --profile (none without --profile).
    func measured() throws(PartitionError) -> [MeasuredTime] {
        guard let path = profile else { return [] }
        return try ProfileCSV.read(file: path)
    }
}

/// Reads an instance file and applies a --profile CSV to its tiers.
func loadInstance(_ path: String, profile: String?) throws(PartitionError) -> Instance {
    let inst = try InstanceReader.read(file: path)
    guard let p = profile else { return inst }
    return try inst.applyingProfile(try ProfileCSV.read(file: p), file: p)
}
