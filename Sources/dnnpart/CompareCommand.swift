import ArgumentParser
import PartitionModel
import PartitionSolvers

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run every solver of a problem on an instance and tabulate objective, gap and time.",
        discussion: """
        The objective of every row is the verifier's. The gap is (objective − best exact) / best exact,
        in percent, where "best exact" is the best objective among the exact solvers that proved
        optimality. --json prints an array of {"solver", "status", "objective", "gap", "seconds", "feasible",
        "backboneBytes"} (backboneBytes: bytes sent over the last link, the backbone to the cloud; three-tier
        tables show it as a column). For --problem tiling the gap is to the exact row: a proven optimum when
        its status is optimal, else the best layout it found within its time limits. For --problem fc the
        table adds the communication (values received) and the same plans with FGCP's exchange; the exact
        MILP runs only on small matrices and says so otherwise.

        Example: dnnpart compare instances/small/diamond.json --problem latency
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
        let best = rows.filter { $0.solver.exact && $0.result.status == .optimal && $0.feasible }.compactMap(\.objective).min()
        func gap(_ o: Double?) -> Double? {
            guard let o, let best else { return nil }
            return best > 0 ? (o - best) / best * 100 : (o == best ? 0 : .infinity)
        }
        if options.json {
            printJSON(.array(rows.map { row in
                var p: [(key: String, value: JSONValue)] = [
                    ("solver", .string(row.solver.name)), ("status", .string(row.result.status.rawValue)),
                    ("exact", .bool(row.solver.exact)),
                ]
                p.append(("objective", row.objective.map { .double($0) } ?? .null))
                p.append(("gap", gap(row.objective).flatMap { $0.isFinite ? JSONValue.double($0) : nil } ?? .null))
                p.append(("seconds", .double(row.result.statistics.seconds)))
                p.append(("feasible", .bool(row.feasible)))
                if let b = row.backbone { p.append(("backboneBytes", .double(b))) }
                return .object(p)
            }))
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
                           gap(row.objective).map { UnitFormat.fixed($0, 2) } ?? "-",
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
        // Gaps are to the exact row: a proven optimum when its status is optimal, else its best layout found.
        let best = rows.filter { $0.solver.exact && $0.report?.feasible == true }.compactMap { $0.report?.makespan }.min()
        func gap(_ r: TilingReport?) -> Double? {
            guard let m = r?.makespan, let best, best > 0 else { return nil }
            return (m - best) / best * 100
        }
        if options.json {
            printJSON(.array(rows.map { row in
                .object([("solver", .string(row.solver.name)), ("status", .string(row.result.status.rawValue)), ("exact", .bool(row.solver.exact)),
                         ("objective", row.report.map { .double($0.makespan) } ?? .null), ("gap", gap(row.report).map { .double($0) } ?? .null),
                         ("seconds", .double(row.result.statistics.seconds)), ("feasible", .bool(row.report?.feasible ?? false))])
            }))
            return
        }
        print("instance \(inst.name)  problem tiling (\(mode.rawValue))  block \(block.stages.first!.id)…\(block.stages.last!.id)  devices \(cluster.count)")
        var t = TextTable(header: ["solver", "kind", "status", "makespan (ms)", "gap (%)", "feasible", "time (ms)"], rightAligned: [3, 4, 6])
        for row in rows {
            t.rows.append([row.solver.name, row.solver.exact ? "exact" : "heuristic", row.result.status.rawValue,
                           row.report.map { UnitFormat.milliseconds($0.makespan) } ?? "-", gap(row.report).map { UnitFormat.fixed($0, 2) } ?? "-",
                           row.report.map { $0.feasible ? "yes" : "NO (\($0.violations.count))" } ?? "-",
                           UnitFormat.fixed(row.result.statistics.seconds * 1e3, 1)])
        }
        print(t.render(), terminator: "")
    }
}
