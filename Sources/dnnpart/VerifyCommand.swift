import ArgumentParser
import PartitionModel

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a plan against an instance and recompute its cost from the definitions.",
        discussion: """
        The plan file is {"format": 1, "kind": "tier-assignment", "assignment": {"<layer>": "<tier>", ...}}, or a tiling plan {"kind": "tiling", "mode", "block", "cluster", "partitions"}, or the output of `dnnpart solve --json` (its "plan" member is used), or an fc plan {"kind": "fc", "layer", "weights", "cluster", "rowOwner", "columnOwner", "partialSums"}, or a channel plan {"kind": "channels", "objective", "cluster", "segments" or "rows"}. Tiling plans are checked for exact coverage, memory caps and their makespan. The verifier checks that the input runs on the first tier and that no edge goes back down a tier, lists every violation, and recomputes latency, the pipeline stages, the throughput and the bytes sent over each link.

        Exit code 0 if the plan is feasible, 1 if it is not, 2 if a file is malformed.

        Example: dnnpart solve instances/small/chain4.json --json > plan.json
                 dnnpart verify instances/small/chain4.json plan.json
        """
    )

    @Argument(help: "Instance file (JSON).")
    var instance: String

    @Argument(help: "Plan file (JSON), or the output of `dnnpart solve --json`.")
    var plan: String

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    @OptionGroup var pictures: PictureOptions

    func run() throws {
        let inst = try withInputErrors { try InstanceReader.read(file: instance) }
        let document = try withInputErrors { try JSONCursor.load(file: plan) }
        if Self.isTilingPlan(document) { return try verifyTiling(document, inst) }
        if FCPlanIO.isFCPlan(document) { return try verifyFC(document, inst) }
        if ChannelPlanIO.isChannelPlan(document) { return try verifyChannels(document, inst) }
        if PipelinePlanIO.isPipelinePlan(document) { return try verifyPipeline(document, inst) }
        if EdgeTilingPlanIO.isPlan(document) { return try verifyD3(document, inst) }
        let assignment = try withInputErrors { try TierPlanIO.read(document, instance: inst) }
        // Every tier problem shares the verifier; the report carries latency and bottleneck alike.
        let problem = ThreeTierProblem(inst)
        let verdict = problem.verify(assignment)
        let schedule = pictures.wantsSchedule(json: json) ? TierSchedule.of(assignment, instance: inst, report: verdict.figures, kind: inst.problem.kind) : nil
        try pictures.write(dot: { PlanDOT.dot(assignment, instance: inst, report: verdict.figures) }, schedule: schedule, title: "\(inst.name): plan \(plan)")
        try Driver.verify(problem, plan: assignment, verdict: verdict, json: json, headline: "plan \(plan) on instance \(inst.name)",
                          jsonValue: { PlanPresentation.json($0.figures, instance: inst, schedule: schedule) },
                          text: { PlanPresentation.text(assignment, report: $0.figures, instance: inst, listLayers: false) })
    }
}

extension VerifyCommand {
    /// Whether the document (or its `"plan"` member) is a tiling plan.
    static func isTilingPlan(_ root: JSONCursor) -> Bool {
        let c = root.value["plan"] ?? root.value
        return c["kind"] == .string("tiling")
    }

    func verifyTiling(_ document: JSONCursor, _ inst: Instance) throws {
        let (tilingPlan, block, cluster) = try withInputErrors { try TilingPlanIO.read(document, instance: inst) }
        // The plan's execution model, else the instance's, else the default.
        let execution = try withInputErrors { try TilingPlanIO.execution(document) } ?? inst.problem.execution ?? TilingExecution()
        let problem = TilingProblem(block: block, cluster: cluster, mode: tilingPlan.mode, name: inst.name, execution: execution)
        try Driver.verify(problem, plan: tilingPlan, json: json, headline: "tiling plan \(plan) on instance \(inst.name)",
                          jsonValue: { TilingPresentation.reportJSON($0.figures, cluster: cluster) },
                          text: { TilingPresentation.text(tilingPlan, report: $0.figures, block: block, cluster: cluster) })
    }
}
