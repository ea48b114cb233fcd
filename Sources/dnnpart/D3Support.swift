import ArgumentParser
import ModelZoo
import PartitionModel
import PartitionSolvers

/// `--edge-nodes N` on a three-tier problem: D3's combined plan, the edge tier a cluster of N
/// nodes that tiles a block of its conv layers (the tiling flags give the mode and execution model).
struct EdgeNodeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Three-tier: the edge tier is N edge nodes that tile a block of its conv layers (D3's vertical separation).")
    var edgeNodes: Int?

    @Option(help: "Three-tier with --edge-nodes: the edge nodes' device preset (see `dnnpart zoo list`).")
    var edgePreset: String = "jetson-tk1"

    @Option(help: "Three-tier with --edge-nodes: the network preset between the edge nodes.")
    var edgeNetwork: String = "gbe"

    func validate() throws {
        if let n = edgeNodes, !(1...16).contains(n) { throw ValidationError("--edge-nodes must be in 1...16, found \(n)") }
    }

    /// D3's problem for the instance, or nil without --edge-nodes.
    func problem(_ inst: Instance, tiling: TilingOptions) throws -> EdgeTilingProblem? {
        guard let n = edgeNodes else { return nil }
        if let o = inst.problem.objective, o.kind != .latency {
            printError("error: --edge-nodes: the tiled edge (D3) is judged by latency only, not by --objective \(o.kind.rawValue)")
            throw ExitCode(ExitStatus.badInput)
        }
        let edge = try withInputErrors { () throws -> [ClusterDevice] in try DevicePresets.cluster(n, device: edgePreset, network: edgeNetwork) }
        return EdgeTilingProblem(inst, edge: edge, mode: tiling.mode ?? .layerwise, execution: try tiling.execution(base: inst.problem.execution))
    }
}

enum D3Presentation {
    /// One row of D3's table: solver, status, latency, the edge's seconds, the tiled block, the backbone bytes.
    static func row(_ name: String, kind: String, _ result: SolveResult<EdgeTilingPlan>, _ verdict: Verdict<EdgeTilingReport>?, gap: String) -> [String] {
        let block = result.plan?.block.map { "\($0.from)…\($0.to)" } ?? "-"
        return [name, kind, result.status.rawValue, verdict.map { UnitFormat.milliseconds($0.objective) } ?? "-", gap,
                verdict.map { UnitFormat.milliseconds($0.figures.edgeSeconds) } ?? "-", block,
                verdict.map { UnitFormat.bytes($0.figures.backboneBytes) } ?? "-", UnitFormat.fixed(result.statistics.seconds * 1e3, 1)]
    }

    static func json(_ verdict: Verdict<EdgeTilingReport>, plan: EdgeTilingPlan) -> [(key: String, value: JSONValue)] {
        [("objective", .double(verdict.objective)), ("feasible", .bool(verdict.feasible)), ("edgeSeconds", .finite(verdict.figures.edgeSeconds)),
         ("backboneBytes", .double(verdict.figures.backboneBytes)),
         ("block", plan.block.map { .string("\($0.from)..\($0.to)") } ?? .null)]
    }
}

extension CompareCommand {
    func compareD3(_ problem: EdgeTilingProblem) throws {
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        if options.json {
            printCompareJSON(instance: problem.name, problem: "three-tier", rows: rows.map { row in
                var p = Driver.rowJSON(row, gaps: gaps)
                if let v = row.verdict, let plan = row.result.plan { p += D3Presentation.json(v, plan: plan).filter { $0.key != "objective" } }
                p.append(("seconds", .double(row.result.statistics.seconds)))
                return .object(p)
            })
            return
        }
        print("instance \(problem.name)  problem three-tier, edge tier = \(problem.edge.count) × \(problem.edge.first?.device.name ?? "-") tiling \(problem.mode.rawValue)  (\(problem.execution))")
        var t = TextTable(header: ["solver", "kind", "status", "latency (ms)", "gap (%)", "edge (ms)", "tiled block", "backbone", "time (ms)"],
                          rightAligned: [3, 4, 5, 7, 8])
        for row in rows {
            t.rows.append(D3Presentation.row(row.solver.name, kind: row.solver.exact ? "exact" : "heuristic", row.result, row.verdict,
                                             gap: gaps.text(row.verdict?.objective)))
        }
        print(t.render(), terminator: "")
    }
}

extension SolveCommand {
    func solveD3(_ problem: EdgeTilingProblem) throws {
        let s = try Driver.solver(EdgeTilingProblem.self, named: solver)
        try Driver.requireAccepts(s, problem)
        let (result, plan, verdict) = try Driver.solve(problem, solver: s, options: options.solveOptions(), json: options.json)
        let schedule = try timeline(problem, plan: plan, verdict: verdict, title: "\(problem.name): \(s.name) (three-tier, tiled edge)")
        if options.json {
            var pairs: [(key: String, value: JSONValue)] = [("instance", .string(problem.name)), ("problem", .string("three-tier")),
                                                            ("edgeNodes", .int(problem.edge.count)), ("solver", .string(s.name)),
                                                            ("status", .string(result.status.rawValue))]
            pairs += D3Presentation.json(verdict, plan: plan)
            pairs.append(("statistics", StatisticsJSON.json(result.statistics)))
            if let schedule { pairs.append(("schedule", schedule.json())) }
            pairs.append(("plan", EdgeTilingPlanIO.json(plan, problem: problem)))
            printJSON(.object(pairs))
        } else {
            print("instance \(problem.name)  problem three-tier  edge tier = \(problem.edge.count) nodes  solver \(s.name)")
            print("status \(result.status.rawValue)  latency \(UnitFormat.duration(verdict.objective))  solved in \(UnitFormat.duration(result.statistics.seconds))")
            print("tiled edge block: \(plan.block.map { "\($0.from)…\($0.to)" } ?? "none")  edge compute \(UnitFormat.duration(verdict.figures.edgeSeconds))  backbone \(UnitFormat.bytes(verdict.figures.backboneBytes))")
            if let m = result.message { print(m) }
            print("")
            print(TierPlanText.summary(plan.assignment, report: verdict.figures.tiers, instance: problem.instance), terminator: "")
            print("(the tier figures above have the edge on one node; with the block tiled the edge computes for \(UnitFormat.duration(verdict.figures.edgeSeconds)))")
        }
        if !verdict.feasible { throw ExitCode(1) }
    }
}

extension VerifyCommand {
    /// A D3 combined plan: the split, the tiled edge block, the edge nodes and the execution model from the file.
    func verifyD3(_ document: JSONCursor, _ inst: Instance) throws {
        let (d3, problem) = try withInputErrors { try EdgeTilingPlanIO.read(document, instance: inst) }
        try Driver.verify(problem, plan: d3, json: json, headline: "three-tier plan \(plan) with a tiled edge on instance \(inst.name)",
                          jsonValue: { v in .object(D3Presentation.json(v, plan: d3) + [("violations", .array(v.violations.map { .string($0.message) }))]) },
                          text: { v in
                              "latency \(UnitFormat.duration(v.objective))  edge compute \(UnitFormat.duration(v.figures.edgeSeconds))  backbone \(UnitFormat.bytes(v.figures.backboneBytes))\n"
                                  + v.violations.map { "  - \($0.message)\n" }.joined()
                          })
    }
}
