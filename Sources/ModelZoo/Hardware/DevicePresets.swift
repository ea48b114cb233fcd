import PartitionModel

/// A named device with where its figures come from.
public struct DevicePreset: Sendable {
    /// The preset's name, as the CLI takes it.
    public let name: String
    /// The device model: speeds, memory bandwidth and capacity, per-layer overhead.
    public let device: Device
    /// What the figures were calibrated against, or how they were derived.
    public let calibration: String

    /// The same device with `bytes` of memory for inference (what other processes leave it).
    public func withMemory(_ bytes: Double) -> DevicePreset {
        var d = device
        d.memoryCapacity = bytes
        d.name += ", \(UnitFormat.bytes(bytes)) for inference"
        // bytes ≤ 1e18 (the CLI's limit) fits an Int.
        let label = bytes >= 1e6 ? "\(Int((bytes / 1e6).rounded()))mb" : "\(Int(bytes.rounded()))b"
        return DevicePreset(name: "\(name)-\(label)", device: d, calibration: calibration)
    }
}

/// Effective speeds of the hardware used in the partition papers.
///
/// "Effective" means what an inference framework reaches, not the datasheet
/// peak. `docs/profiles.md` gives, for every preset, the published
/// measurement it was calibrated against (or says it has none) and how close
/// the cost model comes to published timings.
public enum DevicePresets {
    /// Every device preset, with the calibration it comes from.
    public static let all: [DevicePreset] = [
        DevicePreset(
            name: "rpi3",
            device: Device(name: "Raspberry Pi 3 Model B (4× Cortex-A53 1.2 GHz, 1 GB)", flopsPerSecond: 2.0e9,
                           flopsPerSecondByOp: [.conv: 2.0e9, .fc: 1.0e9], memoryBandwidth: 2.0e9,
                           memoryCapacity: 0.75e9, layerOverhead: 0.2e-3, computeWatts: 3.7, idleWatts: 1.4),
            calibration: "derived: 38.4 GFLOP/s NEON peak × ~5% framework efficiency for conv; LPDDR2 stream bandwidth ≈ 2 GB/s; 750 MB usable of 1 GB. Not fitted to a published per-model timing. Power: 3.7 W with all four cores loaded, 1.4 W idle (raspi.tv's 2016 bench measurements of the Pi 3 B at 5 V)."),
        DevicePreset(
            name: "nexus5",
            device: Device(name: "LG Nexus 5 (Snapdragon 800, MeDNN calibration)", flopsPerSecond: 0.751e9,
                           flopsPerSecondByOp: [.conv: 1_331_569_728 / 1.773, .fc: 0.5e9], memoryBandwidth: 5.0e9,
                           memoryCapacity: 1.5e9),
            calibration: "calibrated: CaffeNet's five conv layers take 1773 ms on one Nexus 5 (MeDNN, Table/Fig. of single-device latency): conv rate = 1.3316 GFLOP / 1.773 s."),
        DevicePreset(
            name: "nexus5-modnn",
            device: Device(name: "LG Nexus 5 (Snapdragon 800, MoDNN calibration)", flopsPerSecond: 1.92e9,
                           flopsPerSecondByOp: [.conv: 30_693_261_312 / 16.0, .fc: 0.5e9], memoryBandwidth: 5.0e9,
                           memoryCapacity: 1.5e9),
            calibration: "calibrated: VGG-16 takes about 16 s on one phone (MoDNN): conv rate = 30.69 GFLOP / 16 s."),
        DevicePreset(
            name: "jetson-tk1",
            device: Device(name: "NVIDIA Jetson TK1 (Tegra K1 GPU, 192 cores)", flopsPerSecond: 60e9,
                           flopsPerSecondByOp: [.conv: 60e9, .fc: 20e9], memoryBandwidth: 10e9,
                           memoryCapacity: 1.5e9, layerOverhead: 0.3e-3, computeWatts: 10, idleWatts: 1.6),
            calibration: "derived: 327 GFLOP/s FP32 peak × ~18% for cuDNN convolutions at batch 1; 14.9 GB/s peak memory, 10 GB/s effective. Neurosurgeon's mobile platform; not fitted to a published timing. Power: 1.6 W for the idle board (eLinux's Jetson TK1 power page); 10 W while the GPU computes, our figure inside the published range (the Tegra K1 SoC reaches 15 W at its limits, the board up to 17 W flat out)."),
        DevicePreset(
            name: "server-8core",
            device: Device(name: "8-core 2.5 GHz x86 server (DADS cloud)", flopsPerSecond: 100e9,
                           flopsPerSecondByOp: [.conv: 100e9, .fc: 40e9], memoryBandwidth: 20e9,
                           memoryCapacity: 32e9, layerOverhead: 0.05e-3),
            calibration: "derived: 8 cores × 2.5 GHz × 32 FLOP/cycle (AVX2 FMA) = 640 GFLOP/s peak × ~15% at batch 1; 20 GB/s effective memory bandwidth."),
        DevicePreset(
            name: "gpu-v100",
            device: Device(name: "NVIDIA V100 datacenter GPU", flopsPerSecond: 4e12,
                           flopsPerSecondByOp: [.conv: 4e12, .fc: 1e12], memoryBandwidth: 800e9,
                           memoryCapacity: 16e9, layerOverhead: 0.02e-3),
            calibration: "derived: 15.7 TFLOP/s FP32 peak × ~25% at batch 1; 900 GB/s HBM2 peak, 800 GB/s effective; 20 µs kernel launch per layer."),
    ]

    /// The device preset called `name` (case-insensitive), or nil.
    public static func preset(named name: String) -> DevicePreset? { all.first { $0.name == name.lowercased() } }

    /// The preset called `name`, or an error listing the known ones.
    public static func require(_ name: String) throws(PresetError) -> DevicePreset {
        guard let p = preset(named: name) else {
            throw PresetError(reason: "unknown device preset \"\(name)\" (presets: \(all.map(\.name).joined(separator: ", ")))")
        }
        return p
    }

    /// `count` copies of the device preset `device`, each linked by the network preset `network`
    /// (named `<preset>-0`, `<preset>-1`, …): a P4–P6 cluster.
    public static func cluster(_ count: Int, device: String, network: String) throws(PresetError) -> [ClusterDevice] {
        guard (1...InputLimits.maxDevices).contains(count) else {
            throw PresetError(reason: "a cluster has 1...\(InputLimits.maxDevices) devices, asked for \(count)")
        }
        return try cluster(presets: Array(repeating: device, count: count), network: network)
    }

    /// A cluster of the named presets, in order, each linked by `network`; device i is named "<preset>-<i>".
    public static func cluster(presets: [String], network: String) throws(PresetError) -> [ClusterDevice] {
        let net = try NetworkPresets.require(network)
        var out: [ClusterDevice] = []
        for (i, name) in presets.enumerated() {
            let p = try require(name)
            out.append(ClusterDevice(name: "\(p.name)-\(i)", device: p.device, bandwidth: net.link.bandwidth, latency: net.link.latency))
        }
        return out
    }
}

/// An unknown preset name.
public typealias PresetError = PartitionError

/// A named uplink.
public struct NetworkPreset: Sendable {
    /// The preset's name, as the CLI takes it.
    public let name: String
    /// The link: bandwidth (bytes/s) and latency per transfer (s).
    public let link: NetworkLink
    /// Where the figures come from (paper or measurement).
    public let source: String
}

/// The uplinks of the papers' experiments.
public enum NetworkPresets {
    /// Every network preset, with its source.
    public static let all: [NetworkPreset] = [
        radio("cat1", megabits: 0.13, model: .lte, source: "DADS / Neurosurgeon: CAT1, 0.13 Mbit/s"),
        radio("3g", megabits: 1.1, model: .threeG, source: "DADS / Neurosurgeon: 3G, 1.1 Mbit/s"),
        radio("4g", megabits: 5.85, model: .lte, source: "DADS / Neurosurgeon: 4G (LTE), 5.85 Mbit/s"),
        radio("wifi", megabits: 18.88, model: .wifi, source: "DADS / Neurosurgeon: Wi-Fi, 18.88 Mbit/s"),
        NetworkPreset(name: "medenn-wifi", link: NetworkLink(bandwidth: 43.8e6 / 8, latency: 5e-3), source: "MeDNN: Wi-Fi, 43.8 Mbit/s, 5 ms delay"),
        NetworkPreset(name: "gbe", link: NetworkLink(bandwidth: 1e9 / 8, latency: 0.1e-3),
                      source: "gigabit Ethernet between edge nodes (D3's edge cluster): 1 Gbit/s nominal, 0.1 ms per message; not fitted to a published timing"),
    ]

    /// The network preset called `name` (case-insensitive), or nil.
    public static func preset(named name: String) -> NetworkPreset? { all.first { $0.name == name.lowercased() } }

    /// A radio's linear power model, P = α_u·u + α_d·d + β (mW, with u and d the uplink and
    /// downlink rates in Mbit/s): the LTE, 3G and Wi-Fi fits of J. Huang et al., "A Close
    /// Examination of Performance and Power Characteristics of 4G LTE Networks", MobiSys 2012,
    /// the power model Neurosurgeon's energy figures use.
    public struct RadioPower: Sendable {
        /// mW per Mbit/s sent.
        public let uplinkMilliwattsPerMbit: Double
        /// mW per Mbit/s received.
        public let downlinkMilliwattsPerMbit: Double
        /// mW while the radio is active, whatever the rate.
        public let baseMilliwatts: Double
        /// LTE: α_u = 438.39, α_d = 51.97, β = 1288.04.
        public static let lte = RadioPower(uplinkMilliwattsPerMbit: 438.39, downlinkMilliwattsPerMbit: 51.97, baseMilliwatts: 1288.04)
        /// 3G: α_u = 868.98, α_d = 122.12, β = 817.88.
        public static let threeG = RadioPower(uplinkMilliwattsPerMbit: 868.98, downlinkMilliwattsPerMbit: 122.12, baseMilliwatts: 817.88)
        /// Wi-Fi: α_u = 283.17, α_d = 137.01, β = 132.86.
        public static let wifi = RadioPower(uplinkMilliwattsPerMbit: 283.17, downlinkMilliwattsPerMbit: 137.01, baseMilliwatts: 132.86)
    }

    /// A symmetric link of `megabits` Mbit/s whose transmit and receive watts follow `model` at that rate.
    static func radio(_ name: String, megabits: Double, model: RadioPower, source: String) -> NetworkPreset {
        let tx = (model.uplinkMilliwattsPerMbit * megabits + model.baseMilliwatts) / 1000
        let rx = (model.downlinkMilliwattsPerMbit * megabits + model.baseMilliwatts) / 1000
        return NetworkPreset(name: name, link: NetworkLink(bandwidth: megabits * 1e6 / 8, transmitWatts: tx, receiveWatts: rx),
                             source: source + "; radio power from Huang et al. (MobiSys 2012) at that rate: "
                                 + "\(UnitFormat.fixed(tx, 3)) W sending, \(UnitFormat.fixed(rx, 3)) W receiving")
    }

    /// The preset called `name`, or an error listing the known ones.
    public static func require(_ name: String) throws(PresetError) -> NetworkPreset {
        guard let p = preset(named: name) else {
            throw PresetError(reason: "unknown network preset \"\(name)\" (presets: \(all.map(\.name).joined(separator: ", ")))")
        }
        return p
    }
}
