import ArgumentParser
import PartitionModel
import PartitionSolvers

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run every solver of a problem on an instance and tabulate objective, gap and time.",
        discussion: SolverHelp.listing + "\n\n" + """
        The objective of every row is the verifier's. The gap is (objective − optimum) / optimum, in percent, when an exact solver proved the optimum; otherwise "≤ x" against the best proven lower bound of the exact rows, or "unproven" without one (a time-limited row never shows 0.00).

        --json prints {"instance", "problem", "rows": [{"solver", "status", "objective", "gap" (a fraction), "gapKind" (optimum, upperBound or unproven), "seconds", "feasible", "backboneBytes"}]} (backboneBytes: bytes sent over the last link, the backbone to the cloud; three-tier tables show it as a column). For --problem fc the table adds the communication (values received) and the same plans with FGCP's exchange; the exact MILP runs only on small matrices and says so otherwise.

        Example:
          dnnpart compare instances/small/diamond.json --problem latency
        """
    )

    @OptionGroup var options: ProblemOptions

    @OptionGroup var tiling: TilingOptions

    @OptionGroup var fc: FCOptions

    @OptionGroup var channels: ChannelOptions

    func run() throws {
        let (inst, kind) = try options.load()
        if kind == .tiling { return try compareTiling(inst) }
        if kind == .fc { return try compareFC(inst) }
        if kind == .channels { return try compareChannels(inst) }
        let solvers = SolverCatalog.solvers(for: kind, milpOptions: options.milpOptions)
        var rows: [(solver: TierSolver, result: SolveResult<TierAssignment>, objective: Double?, feasible: Bool, backbone: Double?)] = []
        for s in solvers {
            let r = s.run(inst)
            if let plan = r.plan {
                let rep = TierPlanVerifier.verify(plan, instance: inst)
                rows.append((s, r, kind == .throughput ? rep.bottleneck : rep.latency, rep.feasible, rep.uplinkBytes.last))
            } else {
                rows.append((s, r, nil, false, nil))
            }
        }
        let gaps = ComparisonGap(rows.map { .init(exact: $0.solver.exact, status: $0.result.status, objective: $0.objective,
                                                  feasible: $0.feasible, bound: $0.result.bound) })
        if options.json {
            printCompareJSON(instance: inst.name, problem: kind.rawValue, rows: rows.map { row in
                var p: [(key: String, value: JSONValue)] = [
                    ("solver", .string(row.solver.name)), ("status", .string(row.result.status.rawValue)),
                    ("exact", .bool(row.solver.exact)),
                ]
                p.append(("objective", row.objective.map { .double($0) } ?? .null))
                p += gaps.json(row.objective)
                p.append(("seconds", .double(row.result.statistics.seconds)))
                p.append(("feasible", .bool(row.feasible)))
                if let b = row.backbone { p.append(("backboneBytes", .double(b))) }
                return .object(p)
            })
            return
        }
        let what = kind == .throughput ? "bottleneck (ms)" : "latency (ms)"
        print("instance \(inst.name)  problem \(kind.rawValue)")
        let backboneColumn = kind == .threeTier
        var t = TextTable(header: ["solver", "kind", "status", what, "gap (%)", "time (ms)"] + (backboneColumn ? ["backbone"] : []),
                          rightAligned: [3, 4, 5, 6])
        for row in rows {
            t.rows.append([row.solver.name, row.solver.exact ? "exact" : "heuristic", row.result.status.rawValue,
                           row.objective.map { UnitFormat.milliseconds($0) } ?? "-",
                           gaps.text(row.objective),
                           UnitFormat.fixed(row.result.statistics.seconds * 1e3, 3)] +
                          (backboneColumn ? [row.backbone.map { UnitFormat.bytes($0) } ?? "-"] : []))
        }
        print(t.render(), terminator: "")
    }
}

extension CompareCommand {
    func compareTiling(_ inst: Instance) throws {
        let (block, cluster, mode) = try tiling.setup(inst)
        var rows: [(solver: TilingSolver, result: SolveResult<TilingPlan>, report: TilingReport?)] = []
        for s in SolverCatalog.tilingSolvers(milpOptions: options.milpOptions) where s.modes.contains(mode) {
            let r = s.run(block, cluster, mode)
            rows.append((s, r, r.plan.map { TilingVerifier.verify($0, block: block, cluster: cluster) }))
        }
        let gaps = ComparisonGap(rows.map { .init(exact: $0.solver.exact, status: $0.result.status, objective: $0.report?.makespan,
                                                  feasible: $0.report?.feasible ?? false, bound: $0.result.bound) })
        if options.json {
            printCompareJSON(instance: inst.name, problem: "tiling", rows: rows.map { row in
                var p: [(key: String, value: JSONValue)] = [
                    ("solver", .string(row.solver.name)), ("status", .string(row.result.status.rawValue)), ("exact", .bool(row.solver.exact)),
                    ("objective", row.report.map { .double($0.makespan) } ?? .null)]
                p += gaps.json(row.report?.makespan)
                p += [("seconds", .double(row.result.statistics.seconds)), ("feasible", .bool(row.report?.feasible ?? false))]
                return JSONValue.object(p)
            })
            return
        }
        print("instance \(inst.name)  problem tiling (\(mode.rawValue))  block \(block.stages.first!.id)…\(block.stages.last!.id)  devices \(cluster.count)")
        var t = TextTable(header: ["solver", "kind", "status", "makespan (ms)", "gap (%)", "feasible", "time (ms)"], rightAligned: [3, 4, 6])
        for row in rows {
            t.rows.append([row.solver.name, row.solver.exact ? "exact" : "heuristic", row.result.status.rawValue,
                           row.report.map { UnitFormat.milliseconds($0.makespan) } ?? "-", gaps.text(row.report?.makespan),
                           row.report.map { $0.feasible ? "yes" : "NO (\($0.violations.count))" } ?? "-",
                           UnitFormat.fixed(row.result.statistics.seconds * 1e3, 1)])
        }
        print(t.render(), terminator: "")
    }
}
