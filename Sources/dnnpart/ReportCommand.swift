import ArgumentParser
import PartitionModel
import PartitionSolvers

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run compare and write one self-contained HTML report: summary, table, graph, timelines.",
        discussion: """
        The report holds the instance summary, the comparison table with gaps (every solver's objective is the verifier's), the best plan's layer graph coloured by tier with the cut edges, and the Gantt charts of the best plan and of the best heuristic (or, when a heuristic in another plan space is best, of the best exact plan) side by side. Channels and fc reports hold the table and the timelines. For --problem tiling it shows the tile picture of every stage at true proportions and the devices' timelines. --sweep-bandwidth LOW..HIGH adds the sweep chart of `dnnpart sweep`.

        The graph is laid out by Graphviz `dot` when it is on PATH (Debian: graphviz), otherwise by a layered layout of our own (by depth, rows ordered by the barycentre of the predecessors); --no-graphviz forces ours. The file has no external scripts, fonts or styles and opens offline; hovering a layer, a bar or a cut edge shows its numbers.

        Example:
          dnnpart report instances/zoo/googlenet-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json -o report.html
        """
    )

    @OptionGroup var options: ProblemOptions

    @OptionGroup var tiling: TilingOptions

    @OptionGroup var channels: ChannelOptions

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var fc: FCOptions

    @Option(name: [.customShort("o"), .long], help: "The HTML file to write.")
    var output: String

    @Option(help: "Add a sweep chart over this bandwidth range of link 0, e.g. 0.1..100Mbit/s (tier problems).")
    var sweepBandwidth: String?

    @Option(parsing: .unconditional, help: "Points of the sweep (2…200).")
    var sweepSteps: Int = 24

    @Flag(help: "Lay the graph out with dnnpart's own layered layout even when Graphviz is installed.")
    var noGraphviz = false

    func validate() throws {
        guard (2...200).contains(sweepSteps) else { throw ValidationError("--sweep-steps must be in 2...200, found \(sweepSteps)") }
    }

    func run() throws {
        defer { ProgressDisplay.shared.finish() }
        let (inst, kind) = try options.load()
        let report: HTMLReport
        switch kind {
        case .latency: report = try tierReport(LatencyProblem(inst), kind: kind)
        case .throughput: report = try tierReport(ThroughputProblem(inst), kind: kind)
        case .threeTier: report = try tierReport(ThreeTierProblem(inst), kind: kind)
        case .tiling: report = try tilingReport(inst)
        case .channels:
            let (net, cluster) = try ChannelPresentation.setup(inst, clusterOptions: tiling.clusterOptions)
            let p = ChannelProblem(network: net, cluster: cluster, overlap: channels.overlap, name: inst.name,
                                   exchangeSeconds: try channels.exchangeSeconds(base: inst.problem.exchangeSeconds),
                                   planSpace: try channels.space(base: inst.problem.planSpace))
            report = clusterReport(p, inst: inst, objective: channels.overlap ? "period (ms)" : "latency (ms)")
        case .pipeline:
            let p = try PipelinePresentation.problem(inst, cluster: tiling.clusterOptions, objective: pipeline.pipelineObjective)
            report = clusterReport(p, inst: inst, objective: p.objective == .period ? "period (ms)" : "latency (ms)")
        case .fc:
            let cluster = try tiling.clusterOptions.devices(for: inst, limit: InputLimits.maxDevices, why: "P5 solvers")
            let (p, _) = try fc.problem(inst, file: options.instance, cluster: cluster)
            report = clusterReport(p, inst: inst, objective: "makespan (ms)", seed: fc.seed)
        }
        try withInputErrors { try FileBytes.write(report.render(), path: output) }
        printError("wrote \(output)")
    }

    /// The best feasible row (exact rows first on ties) and the best feasible heuristic row.
    static func best<P: SolvableProblem>(_ rows: [Driver.Row<P>]) -> (best: Driver.Row<P>?, heuristic: Driver.Row<P>?) {
        let feasible = rows.filter { ($0.verdict?.feasible ?? false) && ($0.verdict?.objective.isFinite ?? false) }
        func better(_ a: Driver.Row<P>, _ b: Driver.Row<P>) -> Bool {
            let (x, y) = (a.verdict!.objective, b.verdict!.objective)
            return x < y || (x == y && a.solver.exact && !b.solver.exact)
        }
        let best = feasible.min(by: better)
        // Beside the best plan: the best heuristic, or the best exact plan when a heuristic in another plan space won.
        let other = best?.solver.exact == false ? feasible.filter(\.solver.exact).min(by: better) : feasible.filter { !$0.solver.exact }.min(by: better)
        return (best, other)
    }

    /// The caption of the second timeline: "best heuristic" or, when a heuristic is the best plan, "best exact plan".
    static func secondCaption<P: SolvableProblem>(_ row: Driver.Row<P>) -> String {
        (row.solver.exact ? "best exact plan: " : "best heuristic: ") + row.solver.name
    }

    /// The comparison table's rows, the best row in bold.
    static func table<P: SolvableProblem>(_ rows: [Driver.Row<P>], gaps: ComparisonGap, best: String?) -> [(cells: [String], highlighted: Bool)] {
        rows.map { row in
            (Driver.rowText(row) + [row.verdict.map { UnitFormat.milliseconds($0.objective) } ?? "-", gaps.text(row.verdict?.objective),
                                    row.verdict.map { $0.feasible ? "yes" : "NO" } ?? "-", UnitFormat.fixed(row.result.statistics.seconds * 1e3, 3)],
             row.solver.name == best)
        }
    }

    /// The summary lines every report starts with.
    static func summary(_ inst: Instance, kind: ProblemKind) -> [(key: String, value: String)] {
        let g = inst.graph
        var out: [(key: String, value: String)] = [("instance", inst.name)]
        if !inst.description.isEmpty { out.append(("description", inst.description)) }
        out.append(("problem", kind.rawValue))
        out.append(("layers", "\(g.count) (\(g.edgeCount) edges)"))
        out.append(("work", "\(UnitFormat.count(g.layers.reduce(0) { $0 + $1.flops })) FLOPs"))
        out.append(("input", UnitFormat.bytes(g.layers[g.inputIndex].outputBytes)))
        out.append(("tiers", inst.tiers.map { "\($0.name) (\($0.device?.name ?? "profiled"))" }.joined(separator: ", ")))
        for (k, l) in inst.links.enumerated() {
            out.append(("link \(inst.tiers[k].name) → \(inst.tiers[k + 1].name)", "\(UnitFormat.bandwidth(l.bandwidth)), \(UnitFormat.duration(l.latency)) per transfer"))
        }
        return out
    }

    func tierReport<P: TierChainProblem & SolvableProblem>(_ problem: P, kind: ProblemKind) throws -> HTMLReport where P.Figures == TierPlanReport {
        let inst = problem.instance
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        let (best, heuristic) = Self.best(rows)
        var report = HTMLReport(title: "\(inst.name): \(kind.rawValue)", footer: "dnnpart report \(options.instance) --problem \(kind.rawValue)")
        report.summary = Self.summary(inst, kind: kind)
        report.tableHeader = ["solver", "kind", "status", kind == .throughput ? "bottleneck (ms)" : "latency (ms)", "gap (%)", "feasible", "time (ms)"]
        report.tableRows = Self.table(rows, gaps: gaps, best: best?.solver.name)
        guard let best, let plan = best.result.plan, let figures = best.verdict?.figures else { return report }
        let dot = PlanDOT.dot(plan, instance: inst, report: figures)
        let graph = (noGraphviz ? nil : Graphviz.svg(dot)) ?? LayeredGraphSVG.render(plan, instance: inst, report: figures)
        report.sections.append(.init(heading: "Best plan: \(best.solver.name)",
                                     note: "Layers coloured by tier; cut edges bold red with the bytes sent and their transfer time. Hover a layer for its numbers.",
                                     figures: [.init(caption: "layer graph (\(noGraphviz || Graphviz.dotPath == nil ? "layered layout" : "Graphviz dot"))", svg: graph)]))
        if let timelines = timelineSection(problem, best: best, second: heuristic, title: { "\($0): \(kind == .throughput ? "pipeline" : "one frame")" }) {
            report.sections.append(timelines)
        }
        if let range = sweepBandwidth { report.sections.append(try sweepSection(inst, kind: kind, range: range)) }
        return report
    }

    /// The report of a cluster problem without a layer graph (P5, P6): the table and the timelines
    /// of the best plan and of the best heuristic.
    func clusterReport<P: SolvableProblem>(_ problem: P, inst: Instance, objective: String, seed: UInt64 = 1) -> HTMLReport {
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions(seed: seed))
        let (best, heuristic) = Self.best(rows)
        var report = HTMLReport(title: "\(inst.name): \(P.kind.rawValue)", footer: "dnnpart report \(options.instance) --problem \(P.kind.rawValue)")
        report.summary = Self.summary(inst, kind: P.kind)
        report.tableHeader = ["solver", "kind", "status", objective, "gap (%)", "feasible", "time (ms)"]
        report.tableRows = Self.table(rows, gaps: gaps, best: best?.solver.name)
        if let timelines = timelineSection(problem, best: best, second: heuristic) { report.sections.append(timelines) }
        return report
    }

    /// The Gantt charts of the best plan and of the second row of ``best(_:)``, each schedule built
    /// once by the problem; the note is the execution model. Nil without a plan.
    func timelineSection<P: SolvableProblem>(_ problem: P, best: Driver.Row<P>?, second: Driver.Row<P>?,
                                             title: (String) -> String = { $0 }) -> HTMLReport.Section? {
        var timelines: [HTMLReport.Figure] = []
        var model = ""
        for (first, row) in [(true, best), (false, second)] {
            guard let row, let plan = row.result.plan, let verdict = row.verdict else { continue }
            let schedule = problem.schedule(plan, verdict: verdict)
            if first { model = schedule.model }
            let caption = first ? "best plan: \(row.solver.name)" : Self.secondCaption(row)
            timelines.append(.init(caption: caption, svg: GanttSVG(schedule, title: title(row.solver.name), width: 640).render()))
        }
        return timelines.isEmpty ? nil : .init(heading: "Timelines", note: model, figures: timelines)
    }

    func sweepSection(_ inst: Instance, kind: ProblemKind, range: String) throws -> HTMLReport.Section {
        let (low, high) = try withInputErrors { try SweepCommand.parseRange(range) }
        let sweep = try withInputErrors { try BandwidthSweep.run(inst, problem: kind, link: 0, from: low, to: high, steps: sweepSteps,
                                                                milpOptions: options.milpOptions) }
        let title = "\(inst.name): \(sweep.valueLabel) vs bandwidth of link 0"
        return .init(heading: "Bandwidth sweep", note: "\(sweep.points.count) points from \(UnitFormat.bandwidth(low)) to \(UnitFormat.bandwidth(high)); dashed marks where the optimal plan changes.",
                     figures: [.init(caption: "every solver across the range", svg: sweep.svg(title: title))])
    }
}

extension ReportCommand {
    /// The tiling report: the table, every stage's tiles at true proportions and the devices' timelines.
    func tilingReport(_ inst: Instance) throws -> HTMLReport {
        let problem = try tiling.problem(inst)
        let (block, cluster, mode) = (problem.block, problem.cluster, problem.mode)
        let (rows, gaps) = Driver.compare(problem, options: options.solveOptions())
        let (best, heuristic) = Self.best(rows)
        var report = HTMLReport(title: "\(inst.name): tiling (\(mode.rawValue)), \(cluster.count) devices",
                                footer: "dnnpart report \(options.instance) --problem tiling")
        report.summary = Self.summary(inst, kind: .tiling) + [
            ("block", "\(block.stages.first!.id)…\(block.stages.last!.id): \(block.stages.count) stages, input \(block.inputHeight)×\(block.inputWidth)"),
            ("devices", cluster.map { "\($0.name) (\(UnitFormat.bandwidth($0.bandwidth)))" }.joined(separator: ", ")),
        ]
        report.tableHeader = ["solver", "kind", "status", problem.period ? "period (ms)" : "makespan (ms)", "gap (%)", "feasible", "time (ms)"]
        report.tableRows = Self.table(rows, gaps: gaps, best: best?.solver.name)
        guard let best, let plan = best.result.plan else { return report }
        report.sections.append(.init(heading: "Best plan: \(best.solver.name)",
                                     note: "Each stage's output map at true proportions; tiles labelled by device.",
                                     figures: tilePictures(plan, block: block, cluster: cluster)))
        if let timelines = timelineSection(problem, best: best, second: heuristic) { report.sections.append(timelines) }
        return report
    }

    /// One tile picture per partition (per stage in layer-wise mode; the block's output when fused).
    /// Every map is drawn at the same pixels per element, so the stages' sizes compare too.
    func tilePictures(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice]) -> [HTMLReport.Figure] {
        let largest = Double(block.stages.map { max($0.outH, $0.outW) }.max() ?? 1)
        return plan.partitions.enumerated().map { p, tiles in
            let stage = plan.mode == .fused ? block.stages.last! : block.stages[p]
            let title = "\(stage.id) \(stage.outH)×\(stage.outW)"
            let size = max(24, 220 * Double(max(stage.outH, stage.outW)) / largest)
            return .init(caption: plan.mode == .fused ? "the block's output (fused)" : "stage \(p + 1)",
                         svg: TileSVG.render(tiles, height: stage.outH, width: stage.outW, title: title, cluster: cluster, size: size))
        }
    }
}
