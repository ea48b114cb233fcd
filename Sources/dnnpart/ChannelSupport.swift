import ArgumentParser
import PartitionModel
import PartitionSolvers

/// Options of `--problem channels`.
struct ChannelOptions: ParsableArguments {
    @Flag(help: "Channels: judge plans by the steady-state period with inter-sample overlap instead of one sample's latency.")
    var overlap = false

    @Option(help: "Channels: fixed cost a device pays per exchange phase it sends or receives in (synchronisation), e.g. 50ms.")
    var exchangeCost: String?

    @Option(help: "Channels: the plans the exact solvers search: mixed (per segment, channel groups or row strips; default) or groups (channel groups only).")
    var planSpace: String?

    /// The plan space: --plan-space, else the instance's `problem.planSpace`, else mixed.
    func space(base: ChannelPlanSpace? = nil) throws -> ChannelPlanSpace {
        guard let text = planSpace else { return base ?? .mixed }
        return try withInputErrors { () throws -> ChannelPlanSpace in
            guard let v = ChannelPlanSpace(rawValue: text) else { throw SolverInputError("--plan-space must be groups or mixed, found \"\(text)\"") }
            return v
        }
    }

    /// The per-exchange cost in seconds: --exchange-cost, else the instance's `problem.exchangeSeconds`, else 0.
    func exchangeSeconds(base: Double? = nil) throws -> Double {
        guard let text = exchangeCost else { return base ?? 0 }
        return try fixedCost(text, option: "--exchange-cost")
    }
}

enum ChannelPresentation {
    static func setup(_ inst: Instance, clusterOptions: ClusterOptions) throws -> (ChannelNetwork, [ClusterDevice]) {
        let cluster = try clusterOptions.devices(for: inst, limit: 64, why: "P6 MILP size")
        return (try network(inst), cluster)
    }

    static func network(_ inst: Instance) throws -> ChannelNetwork {
        try withInputErrors { () throws -> ChannelNetwork in
            do { return try ChannelNetwork(graph: inst.graph) } catch let e as ChannelNetwork.NotDecoupled {
                throw SolverInputError("\(inst.name) is not a decoupled network: \(e.reason)")
            }
        }
    }

    static func reportJSON(_ r: ChannelReport) -> JSONValue {
        .object([
            ("feasible", .bool(r.feasible)), ("violations", .array(r.violations.map(violationJSON))),
            ("objective", .double(r.objective)), ("latency", .double(r.latency)), ("period", .double(r.period)),
            ("exchanges", .array(r.exchanges.map { .object([("name", .string($0.name)), ("seconds", .double($0.seconds)), ("bytes", .double($0.bytes))]) })),
            ("memoryBytes", .array(r.memoryBytes.map { .double($0) })), ("singleDeviceMemoryBytes", .double(r.singleDeviceMemoryBytes)),
        ])
    }

    static func text(_ plan: ChannelPlan, _ r: ChannelReport, _ net: ChannelNetwork, _ cluster: [ClusterDevice]) -> String {
        PlanText.channels(plan, r, net, cluster)
    }
}

extension SolveCommand {
    func solveChannels(_ inst: Instance) throws {
        let (net, cluster) = try ChannelPresentation.setup(inst, clusterOptions: tiling.clusterOptions)
        let exchange = try channels.exchangeSeconds(base: inst.problem.exchangeSeconds)
        let problem = ChannelProblem(network: net, cluster: cluster, overlap: channels.overlap, name: inst.name, exchangeSeconds: exchange,
                                     planSpace: try channels.space(base: inst.problem.planSpace))
        try writeModel("P6 channel-group") { ChannelMILP.model(net, cluster: cluster, overlap: channels.overlap, exchangeSeconds: exchange)?.model }
        let s = try Driver.solver(ChannelProblem.self, named: solver)
        let (result, plan, verdict) = try Driver.solve(problem, solver: s, options: options.solveOptions(), json: options.json)
        let report = verdict.figures
        let schedule = try timeline(problem, plan: plan, verdict: verdict, title: "\(inst.name): \(s.name) (channels\(channels.overlap ? ", overlap" : ""))")
        if options.json {
            printJSON(.object([
                ("instance", .string(inst.name)), ("problem", .string("channels")), ("solver", .string(s.name)),
                ("status", .string(result.status.rawValue)), ("overlap", .bool(channels.overlap)), ("objective", .double(report.objective)),
                ("latency", .double(report.latency)), ("period", .double(report.period)), ("feasible", .bool(report.feasible)),
                ("memoryBytes", .array(report.memoryBytes.map { .double($0) })), ("singleDeviceMemoryBytes", .double(report.singleDeviceMemoryBytes)),
                ("groups", .array(plan.counts(devices: cluster.count).map { .array($0.map { .int($0) }) })),
                ("statistics", StatisticsJSON.json(result.statistics)),
                ("schedule", schedule?.json() ?? .null),
                ("plan", ChannelPlanIO.json(plan, network: net, cluster: cluster, overlap: channels.overlap, exchangeSeconds: exchange)),
            ]))
        } else {
            print("instance \(inst.name)  problem channels  \(net.groups) groups, \(net.segments.count) segments  solver \(s.name)  devices \(cluster.count)")
            print("status \(result.status.rawValue)  \(channels.overlap ? "period" : "latency") \(UnitFormat.duration(report.objective))  solved in \(UnitFormat.duration(result.statistics.seconds))")
            print("")
            print(ChannelPresentation.text(plan, report, net, cluster), terminator: "")
        }
        if !report.feasible { throw ExitCode(1) }
    }
}

extension CompareCommand {
    func compareChannels(_ inst: Instance) throws {
        let (net, cluster) = try ChannelPresentation.setup(inst, clusterOptions: tiling.clusterOptions)
        let problem = ChannelProblem(network: net, cluster: cluster, overlap: channels.overlap, name: inst.name,
                                     exchangeSeconds: try channels.exchangeSeconds(base: inst.problem.exchangeSeconds),
                                     planSpace: try channels.space(base: inst.problem.planSpace))
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        if options.json {
            printCompareJSON(instance: inst.name, problem: "channels", rows: rows.map { row in
                let report = row.verdict?.figures
                var p = Driver.rowJSON(row, gaps: gaps)
                p += [("latency", report.map { .double($0.latency) } ?? .null), ("period", report.map { .double($0.period) } ?? .null),
                      ("maxMemoryBytes", report.map { .double($0.memoryBytes.max() ?? 0) } ?? .null),
                      ("feasible", .bool(report?.feasible ?? false)), ("seconds", .double(row.result.statistics.seconds))]
                return JSONValue.object(p)
            })
            return
        }
        print("instance \(inst.name)  problem channels  \(net.groups) groups, \(net.segments.count) segments, \(net.shufflePoints) shuffles  devices \(cluster.count)  objective \(channels.overlap ? "period (overlap)" : "latency")  plan space \(problem.planSpace.rawValue)")
        var t = TextTable(header: ["solver", "kind", "status", "latency (ms)", "period (ms)", "gap (%)", "max memory", "time (ms)"], rightAligned: [3, 4, 5, 6, 7])
        for row in rows {
            let report = row.verdict?.figures
            t.rows.append(Driver.rowText(row) + [
                report.map { UnitFormat.milliseconds($0.latency) } ?? "-", report.map { UnitFormat.milliseconds($0.period) } ?? "-",
                gaps.text(row.verdict?.objective), report.map { UnitFormat.bytes($0.memoryBytes.max() ?? 0) } ?? "-",
                UnitFormat.fixed(row.result.statistics.seconds * 1e3, 1)])
        }
        print(t.render(), terminator: "")
    }
}

extension VerifyCommand {
    func verifyChannels(_ document: JSONCursor, _ inst: Instance) throws {
        let net = try ChannelPresentation.network(inst)
        let (p, cluster, overlap) = try withInputErrors { try ChannelPlanIO.read(document, network: net, instanceCluster: inst.cluster) }
        let exchange = try withInputErrors { try ChannelPlanIO.exchangeSeconds(document) }
        let problem = ChannelProblem(network: net, cluster: cluster, overlap: overlap, name: inst.name, exchangeSeconds: exchange)
        let kind = "\(p.isSpatial ? "row strips" : p.isMixed ? "channel groups and row strips" : "channel groups"), objective \(overlap ? "period" : "latency")"
        try Driver.verify(problem, plan: p, json: json, headline: "channel plan \(plan) on instance \(inst.name) (\(kind))",
                          jsonValue: { ChannelPresentation.reportJSON($0.figures) },
                          text: { v in v.figures.memoryBytes.isEmpty ? v.violations.map { "  - \($0)\n" }.joined()
                                                                     : ChannelPresentation.text(p, v.figures, net, cluster) })
    }
}
