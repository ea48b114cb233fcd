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

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var edge: EdgeNodeOptions

    func run() throws {
        defer { ProgressDisplay.shared.finish() }
        let (inst, kind) = try options.load()
        if kind == .tiling { return try compareTiling(inst) }
        if kind == .threeTier, let d3 = try edge.problem(inst, tiling: tiling) { return try compareD3(d3) }
        if kind == .fc { return try compareFC(inst) }
        if kind == .channels { return try compareChannels(inst) }
        if kind == .pipeline { return try comparePipeline(inst) }
        switch kind {
        case .latency: try compareTiers(LatencyProblem(inst), kind: kind)
        case .throughput: try compareTiers(ThroughputProblem(inst), kind: kind)
        default: try compareTiers(ThreeTierProblem(inst), kind: kind)
        }
    }

    /// The comparison of a tier problem (P1–P3): objective, gap, time and, over three tiers, the backbone bytes.
    func compareTiers<P: TierChainProblem & SolvableProblem>(_ problem: P, kind: ProblemKind) throws {
        let inst = problem.instance
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        if options.json {
            printCompareJSON(instance: inst.name, problem: kind.rawValue, rows: rows.map { row in
                var p = Driver.rowJSON(row, gaps: gaps)
                p.append(("seconds", .double(row.result.statistics.seconds)))
                p.append(("feasible", .bool(row.verdict?.feasible ?? false)))
                if kind != .throughput, let f = row.verdict?.figures {
                    p += [("objectiveKind", .string(f.objective.kind.rawValue)), ("latency", .double(f.latency)), ("energy", .double(f.energy))]
                }
                if let b = row.verdict?.figures.uplinkBytes.last { p.append(("backboneBytes", .double(b))) }
                return .object(p)
            })
            return
        }
        let goal = kind == .throughput ? TierObjective.latency : inst.tierObjective
        let what = kind == .throughput ? "bottleneck (ms)" : goal.kind == .latency ? "latency (ms)" : goal.kind == .energy ? "energy (mJ)" : "objective"
        print("instance \(inst.name)  problem \(kind.rawValue)" + (goal.kind == .latency ? "" : "  objective \(goal.label)"))
        let backboneColumn = kind == .threeTier
        let timeColumns = goal.kind == .latency ? [] : goal.kind == .energy ? ["latency (ms)"] : ["latency (ms)", "energy (mJ)"]
        // Heuristics that ignore the memory caps may break them: the verifier's word is shown.
        let flagged = rows.contains { $0.verdict.map { !$0.feasible } ?? false }
        let header = ["solver", "kind", "status", what, "gap (%)"] + timeColumns + ["time (ms)"] + (backboneColumn ? ["backbone"] : [])
            + (flagged ? ["feasible"] : [])
        var t = TextTable(header: header, rightAligned: Set(3..<header.count))
        for row in rows {
            var cells = Driver.rowText(row)
            cells.append(row.verdict.map { goal.kind == .weighted ? UnitFormat.fixed($0.objective, 6) : UnitFormat.milliseconds($0.objective) } ?? "-")
            cells.append(gaps.text(row.verdict?.objective))
            if goal.kind != .latency { cells.append(row.verdict.map { UnitFormat.milliseconds($0.figures.latency) } ?? "-") }
            if goal.kind == .weighted { cells.append(row.verdict.map { UnitFormat.fixed($0.figures.energy * 1e3, 3) } ?? "-") }
            cells.append(UnitFormat.fixed(row.result.statistics.seconds * 1e3, 3))
            if backboneColumn { cells.append(row.verdict?.figures.uplinkBytes.last.map { UnitFormat.bytes($0) } ?? "-") }
            if flagged {
                cells.append(row.verdict.map { v in v.feasible ? "yes" : "NO: " + Set(v.violations.map(\.kind)).sorted().joined(separator: ", ") } ?? "-")
            }
            t.rows.append(cells)
        }
        print(t.render(), terminator: "")
    }
}

extension CompareCommand {
    func compareTiling(_ inst: Instance) throws {
        let problem = try tiling.problem(inst)
        let (block, cluster, mode) = (problem.block, problem.cluster, problem.mode)
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        if options.json {
            printCompareJSON(instance: inst.name, problem: "tiling", rows: rows.map { row in
                var p = Driver.rowJSON(row, gaps: gaps)
                p += [("seconds", .double(row.result.statistics.seconds)), ("feasible", .bool(row.verdict?.feasible ?? false))]
                return JSONValue.object(p)
            })
            return
        }
        print("instance \(inst.name)  problem tiling (\(mode.rawValue))  block \(block.stages.first!.id)…\(block.stages.last!.id)  devices \(cluster.count)")
        var t = TextTable(header: ["solver", "kind", "status", problem.period ? "period (ms)" : "makespan (ms)", "gap (%)", "feasible", "time (ms)"],
                          rightAligned: [3, 4, 6])
        for row in rows {
            t.rows.append(Driver.rowText(row) + [
                row.verdict.map { UnitFormat.milliseconds($0.objective) } ?? "-", gaps.text(row.verdict?.objective),
                row.verdict.map { $0.feasible ? "yes" : "NO (\($0.violations.count))" } ?? "-",
                UnitFormat.fixed(row.result.statistics.seconds * 1e3, 1)])
        }
        print(t.render(), terminator: "")
    }
}
