import ArgumentParser
import PartitionModel
import PartitionSolvers

extension PipelineProblem.Objective: ExpressibleByArgument {}

/// Options of `--problem pipeline`.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Pipeline (P7): minimise the period between frames (default) or one frame's latency.")
    var pipelineObjective: PipelineProblem.Objective = .period
}

enum PipelinePresentation {
    /// P7 on the instance's devices (or --devices/--device-preset), with its bandwidth matrix when it has one.
    static func problem(_ inst: Instance, cluster: ClusterOptions, objective: PipelineProblem.Objective) throws -> PipelineProblem {
        let devices = try cluster.devices(for: inst, limit: PipelineDP.maxDevices, why: "the pipeline DP")
        if let m = inst.problem.bandwidths, m.count != devices.count {
            try withInputErrors { throw SolverInputError("the instance's bandwidth matrix is \(m.count)×\(m.count) for \(devices.count) devices") }
        }
        return PipelineProblem(graph: inst.graph, devices: devices, bandwidth: inst.problem.bandwidths, objective: objective,
                               activationMemory: inst.problem.activationMemory == true, name: inst.name)
    }

    /// The stages, transfers and memory as text.
    static func text(_ plan: PipelinePlan, _ r: PipelineReport, _ p: PipelineProblem) -> String {
        var t = TextTable(header: ["stage", "device", "layers", "compute (ms)", "memory", "sends (bytes)", "transfer (ms)"], rightAligned: [0, 3, 4, 5, 6])
        let order = plan.order ?? p.order
        for (s, st) in plan.stages.enumerated() where s < r.stageSeconds.count {
            let ids = "\(p.graph.layers[order[st.first]].id)…\(p.graph.layers[order[st.last]].id) (\(st.last - st.first + 1))"
            t.rows.append(["\(s + 1)", p.devices[st.device].name, ids, UnitFormat.milliseconds(r.stageSeconds[s]), UnitFormat.bytes(r.memoryBytes[s]),
                           s < r.transferBytes.count ? UnitFormat.bytes(r.transferBytes[s]) : "-",
                           s < r.transferSeconds.count ? UnitFormat.milliseconds(r.transferSeconds[s]) : "-"])
        }
        var out = t.render()
        out += "period \(UnitFormat.duration(r.period)) (\(UnitFormat.fixed(r.period > 0 ? 1 / r.period : 0, 2)) frames/s)  latency \(UnitFormat.duration(r.latency))\n"
        for v in r.violations { out += "VIOLATION: \(v.message)\n" }
        return out
    }

    static func json(_ plan: PipelinePlan, _ r: PipelineReport, _ p: PipelineProblem) -> JSONValue {
        let order = plan.order.map { $0.count == p.order.count ? $0 : p.order } ?? p.order
        return .object([
            ("feasible", .bool(r.feasible)), ("violations", .array(r.violations.map { .object([("kind", .string($0.kind)), ("message", .string($0.message))]) })),
            ("objective", .finite(p.objective == .period ? r.period : r.latency)), ("period", .finite(r.period)), ("latency", .finite(r.latency)),
            ("stages", .array(plan.stages.enumerated().map { s, st in
                .object([("device", .string(p.devices.indices.contains(st.device) ? p.devices[st.device].name : "#\(st.device)")),
                         ("first", .string(p.graph.layers[order[max(0, min(st.first, order.count - 1))]].id)),
                         ("last", .string(p.graph.layers[order[max(0, min(st.last, order.count - 1))]].id)),
                         ("seconds", s < r.stageSeconds.count ? .double(r.stageSeconds[s]) : .null),
                         ("memoryBytes", s < r.memoryBytes.count ? .double(r.memoryBytes[s]) : .null)])
            })),
            ("transferSeconds", .array(r.transferSeconds.map { .double($0) })), ("transferBytes", .array(r.transferBytes.map { .double($0) })),
        ])
    }
}

extension SolveCommand {
    func solvePipeline(_ inst: Instance) throws {
        let problem = try PipelinePresentation.problem(inst, cluster: tiling.clusterOptions, objective: pipeline.pipelineObjective)
        let s = try Driver.solver(PipelineProblem.self, named: solver)
        let (result, plan, verdict) = try Driver.solve(problem, solver: s, options: options.solveOptions(), json: options.json)
        let schedule = try timeline(problem, plan: plan, verdict: verdict, title: "\(inst.name): \(s.name) (pipeline)")
        if options.json {
            printJSON(.object([
                ("instance", .string(inst.name)), ("problem", .string("pipeline")), ("solver", .string(s.name)),
                ("status", .string(result.status.rawValue)), ("objective", .double(verdict.objective)),
                ("objectiveKind", .string(problem.objective.rawValue)), ("statistics", StatisticsJSON.json(result.statistics)),
                ("report", PipelinePresentation.json(plan, verdict.figures, problem)), ("schedule", schedule?.json() ?? .null),
                ("plan", PipelinePlanIO.json(plan, problem: problem)),
            ]))
        } else {
            print("instance \(inst.name)  problem pipeline  devices \(problem.devices.count)  solver \(s.name)  objective \(problem.objective.rawValue)")
            print("status \(result.status.rawValue)  \(problem.objective.rawValue) \(UnitFormat.duration(verdict.objective))  solved in \(UnitFormat.duration(result.statistics.seconds))")
            if let m = result.message { print(m) }
            print("")
            print(PipelinePresentation.text(plan, verdict.figures, problem), terminator: "")
        }
        if !verdict.feasible { throw ExitCode(1) }
    }
}

extension VerifyCommand {
    func verifyPipeline(_ document: JSONCursor, _ inst: Instance) throws {
        let (problem, p) = try withInputErrors {
            try PipelinePlanIO.read(document, graph: inst.graph, instanceCluster: inst.cluster, instanceBandwidths: inst.problem.bandwidths, name: inst.name)
        }
        try Driver.verify(problem, plan: p, json: json, headline: "pipeline plan \(plan) on instance \(inst.name) (objective \(problem.objective.rawValue))",
                          jsonValue: { PipelinePresentation.json(p, $0.figures, problem) },
                          text: { v in v.figures.stageSeconds.isEmpty ? v.violations.map { "  - \($0)\n" }.joined() : PipelinePresentation.text(p, v.figures, problem) })
    }
}

extension CompareCommand {
    func comparePipeline(_ inst: Instance) throws {
        let problem = try PipelinePresentation.problem(inst, cluster: tiling.clusterOptions, objective: pipeline.pipelineObjective)
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        if options.json {
            printCompareJSON(instance: inst.name, problem: "pipeline", rows: rows.map { row in
                var p = Driver.rowJSON(row, gaps: gaps)
                p += [("period", row.verdict.map { .finite($0.figures.period) } ?? .null), ("latency", row.verdict.map { .finite($0.figures.latency) } ?? .null),
                      ("stages", row.result.plan.map { .int($0.stages.count) } ?? .null), ("feasible", .bool(row.verdict?.feasible ?? false))]
                return .object(p)
            })
            return
        }
        print("instance \(inst.name)  problem pipeline  devices \(problem.devices.count)  objective \(problem.objective.rawValue)")
        var t = TextTable(header: ["solver", "kind", "status", "period (ms)", "latency (ms)", "gap (%)", "stages", "feasible", "time (ms)"],
                          rightAligned: [3, 4, 5, 6, 8])
        for row in rows {
            let f = row.verdict?.figures
            t.rows.append(Driver.rowText(row) + [f.map { UnitFormat.milliseconds($0.period) } ?? "-", f.map { UnitFormat.milliseconds($0.latency) } ?? "-",
                                                 gaps.text(row.verdict?.objective), row.result.plan.map { "\($0.stages.count)" } ?? "-",
                                                 row.verdict.map { $0.feasible ? "yes" : "NO" } ?? "-", UnitFormat.fixed(row.result.statistics.seconds * 1e3, 3)])
        }
        print(t.render(), terminator: "")
    }
}
