/// Plans of P4–P6 as text for people: what the command line prints after `solve` and `verify`,
/// and what a Swift program can print the same way (``TierPlanText`` does P1–P3).
public enum PlanText {
    /// A tiled plan as text: the tile picture of the last partition, the per-device loads and the makespan.
    public static func tiling(_ plan: TilingPlan, report: TilingReport, block: ConvBlock, cluster: [ClusterDevice]) -> String {
        var out = ""
        let last = plan.partitions.count - 1
        let (h, w) = plan.mode == .fused ? (block.outputHeight, block.outputWidth) : (block.stages[last].outH, block.stages[last].outW)
        out += "\(plan.mode == .fused ? "block output" : "stage \(block.stages[last].id) output") \(h)×\(w) (one character per sampled element, digit = device):\n"
        out += TilePicture.render(plan.partitions[last], height: h, width: w)
        out += "\n"
        var t = TextTable(header: ["device", "symbol", "tiles", "compute (ms)", "in", "out", "messages", "memory", "time (ms)"],
                          rightAligned: [2, 3, 4, 5, 6, 7, 8])
        for (d, c) in cluster.enumerated() {
            let l = report.devices[d]
            t.rows.append([c.name, String(TilePicture.symbol(d)), "\(plan.partitions.reduce(0) { $0 + $1.filter { $0.device == d && !$0.rect.isEmpty }.count })",
                           UnitFormat.milliseconds(l.computeSeconds), UnitFormat.bytes(l.bytesIn), UnitFormat.bytes(l.bytesOut), "\(l.messages)",
                           UnitFormat.bytes(l.peakMemory), UnitFormat.milliseconds(l.seconds)])
        }
        out += t.render()
        out += "makespan \(UnitFormat.duration(report.makespan))  (\(UnitFormat.count(report.totalFLOPs)) FLOP computed, halos included)\n"
        if !report.feasible {
            out += "\nINFEASIBLE: \(report.violations.count) violation(s)\n"
            for v in report.violations { out += "  - \(v.message)\n" }
        }
        return out
    }

    /// A sparse FC plan as text: rows, columns, nonzeros and received values per device, the makespan.
    public static func fc(_ report: FCReport, cluster: FCCluster, groups: Int) -> String {
        var t = TextTable(header: ["device", "rows", "columns", "nonzeros", "received values", "received", "time (ms)"], rightAligned: [1, 2, 3, 4, 5, 6])
        for d in 0..<cluster.count {
            t.rows.append([cluster.names[d], "\(report.rowCounts[d])", "\(report.columnCounts[d])", "\(report.nonzeros[d])",
                           "\(report.communication[d])", UnitFormat.bytes(Double(report.communication[d]) * cluster.bytesPerValue),
                           UnitFormat.milliseconds(report.seconds[d])])
        }
        var out = t.render()
        out += "total communication \(report.totalCommunication) values (\(UnitFormat.bytes(Double(report.totalCommunication) * cluster.bytesPerValue)))"
        out += groups > 0 ? ", \(groups) off-block group(s) sent as partial sums (FGCP)\n" : "\n"
        out += "makespan \(UnitFormat.duration(report.makespan))\n"
        if !report.feasible {
            out += "\nINFEASIBLE: \(report.violations.count) violation(s)\n"
            for v in report.violations { out += "  - \(v)\n" }
        }
        return out
    }

    /// "17 halo", "3 shuffle" or, for a mixed plan, "8 halo, 3 shuffle": the exchanges between compute phases.
    static func exchangeCounts(_ plan: ChannelPlan, _ r: ChannelReport, _ net: ChannelNetwork) -> String {
        let halos = r.exchanges.filter { $0.name.hasPrefix("halo") }.count, shuffles = r.exchanges.filter { $0.name.hasPrefix("shuffle") }.count
        if plan.isSpatial { return "\(halos) halo" }
        return plan.isMixed ? "\(halos) halo, \(shuffles) shuffle" : "\(net.shufflePoints) shuffle"
    }

    /// A channel-group or row-strip plan as text: phases, exchanges, per-device loads and memory.
    public static func channels(_ plan: ChannelPlan, _ r: ChannelReport, _ net: ChannelNetwork, _ cluster: [ClusterDevice]) -> String {
        var out = ""
        if let rows = plan.spatialRows, let geo = net.spatial {
            var t = TextTable(header: ["compute phase", "rows per device (first layer)", "compute (ms)"], rightAligned: [2])
            for p in r.computePhases {
                let l = geo.layers.firstIndex { $0.id == p.first }
                t.rows.append(["\(p.first)…\(p.last)", l.map { rows[$0].map(String.init).joined(separator: " ") } ?? "-", UnitFormat.milliseconds(p.seconds)])
            }
            out += t.render()
        } else if plan.isMixed {
            let counts = plan.counts(devices: cluster.count)
            var t = TextTable(header: ["segment", "layers", "split", "per device"], rightAligned: [1])
            for (s, seg) in net.segments.enumerated() where s < counts.count {
                let rows = s < plan.segmentRows.count ? plan.segmentRows[s] : nil
                t.rows.append(["\(seg.firstLayer)…\(seg.lastLayer)", "\(seg.layerCount)", rows == nil ? "groups" : "rows (first layer)",
                               (rows?.first ?? counts[s]).map(String.init).joined(separator: " ")])
            }
            out += t.render()
            var phases = TextTable(header: ["compute phase", "compute (ms)"], rightAligned: [1])
            for p in r.computePhases { phases.rows.append([p.first == p.last ? p.first : "\(p.first)…\(p.last)", UnitFormat.milliseconds(p.seconds)]) }
            out += "\n" + phases.render()
        } else {
            let counts = plan.counts(devices: cluster.count)
            var t = TextTable(header: ["segment", "layers", "groups per device", "compute (ms)"], rightAligned: [1, 3])
            for (s, seg) in net.segments.enumerated() where s < counts.count {
                t.rows.append(["\(seg.firstLayer)…\(seg.lastLayer)", "\(seg.layerCount)", counts[s].map(String.init).joined(separator: " "),
                               r.segmentSeconds.indices.contains(s) ? UnitFormat.milliseconds(r.segmentSeconds[s]) : "-"])
            }
            out += t.render()
        }
        var e = TextTable(header: ["exchange", "bytes moved", "time (ms)"], rightAligned: [1, 2])
        for x in r.exchanges { e.rows.append([x.name, UnitFormat.bytes(x.bytes), UnitFormat.milliseconds(x.seconds)]) }
        out += "\n" + e.render()
        var d = TextTable(header: ["device", "compute (ms)", "link (ms)", "memory"], rightAligned: [1, 2, 3])
        for (k, c) in cluster.enumerated() where r.feasible || !r.memoryBytes.isEmpty {
            d.rows.append([c.name, UnitFormat.milliseconds(r.computeSeconds[k]), UnitFormat.milliseconds(r.linkSeconds[k]), UnitFormat.bytes(r.memoryBytes[k])])
        }
        out += "\n" + d.render()
        let reduction = r.memoryBytes.isEmpty ? 0 : 1 - (r.memoryBytes.max() ?? 0) / r.singleDeviceMemoryBytes
        out += "latency \(UnitFormat.duration(r.latency))  period with overlap \(UnitFormat.duration(r.period))  \(exchangeCounts(plan, r, net)) exchanges\n"
        out += "largest device memory \(UnitFormat.bytes(r.memoryBytes.max() ?? 0)) against \(UnitFormat.bytes(r.singleDeviceMemoryBytes)) on one device (−\(UnitFormat.fixed(reduction * 100, 1))%)\n"
        if !r.feasible {
            out += "\nINFEASIBLE: \(r.violations.count) violation(s)\n"
            for v in r.violations { out += "  - \(v)\n" }
        }
        return out
    }
}
