import ArgumentParser
import PartitionModel

/// `--dot FILE` and `--gantt FILE`: the pictures of a plan that `solve` and `verify` write.
struct PictureOptions: ParsableArguments {
    @Option(help: "Write the plan's graph as Graphviz DOT (tier plans: P1–P3): layers coloured by tier, cut edges bold with bytes and time. Render with `dot -Tsvg`.")
    var dot: String?

    @Option(help: "Write the plan's timeline as an SVG Gantt chart: one lane per tier or device and per link or exchange phase, the critical path outlined.")
    var gantt: String?

    /// Whether the run needs the plan's schedule: for `--gantt`, or for `--json`, which prints it.
    func wantsSchedule(json: Bool) -> Bool { json || gantt != nil }

    /// Writes the files asked for; `dot` is nil for plans that have no graph (exit 2 then). The
    /// schedule is there whenever ``wantsSchedule(json:)`` says so.
    func write(dot makeDOT: (() -> String)?, schedule: Schedule?, title: String) throws {
        if let path = dot {
            guard let makeDOT else {
                printError("error: --dot: only tier plans (latency, throughput, three-tier) have a layer graph to draw")
                throw ExitCode(ExitStatus.badInput)
            }
            try withInputErrors { try FileBytes.write(makeDOT(), path: path) }
            printError("wrote the plan's graph to \(path)")
        }
        if let path = gantt, let schedule {
            try withInputErrors { try FileBytes.write(GanttSVG(schedule, title: title).render(), path: path) }
            printError("wrote the plan's timeline to \(path)")
        }
    }
}
