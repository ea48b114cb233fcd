import Foundation
import Testing
@testable import PartitionModel
import TestSupport

/// Every monotone plan of seeded extreme-range instances (1e-9…1e12 s, zero tensors, ties): the
/// schedule's objective is the verifier's, a layer starts after its inputs have arrived, and the
/// drawings are well-formed SVG and DOT.
@Suite("Schedules, Gantt charts and DOT graphs of tier plans")
struct ScheduleTests {
    static func instances(tiers: Int, kind: ProblemKind, seed: UInt64) -> [Instance] {
        var rng = SeededGenerator(seed: seed)
        return (0..<60).map { i in
            let family = RandomInstances.Family.allCases[i % RandomInstances.Family.allCases.count]
            return RandomInstances.extreme(family, layers: Int.random(in: 3...7, using: &rng), tiers: tiers, kind: kind, using: &rng)
        }
    }

    @Test(arguments: [(2, ProblemKind.latency), (2, .throughput), (3, .threeTier)])
    func scheduleObjectiveIsTheVerifiers(tiers: Int, kind: ProblemKind) {
        var failures: [String] = []
        for (i, inst) in Self.instances(tiers: tiers, kind: kind, seed: 1900 + UInt64(tiers)).enumerated() {
            for plan in BruteForce.monotoneAssignments(inst.graph, tiers: tiers) {
                let report = TierPlanVerifier.verify(plan, instance: inst)
                guard report.latency.isFinite else { continue }
                let schedule = kind == .throughput ? TierSchedule.pipeline(plan, instance: inst, report: report)
                                                   : TierSchedule.latency(plan, instance: inst, report: report)
                let objective = kind == .throughput ? report.bottleneck : report.latency
                if !(abs(schedule.objective - objective) <= 1e-9 * max(objective, 1e-300)) {
                    failures.append("#\(i) \(plan.tierOfLayer): schedule \(schedule.objective), verifier \(objective)")
                }
                if kind != .throughput { failures += Self.dependencyFailures(schedule, plan: plan, instance: inst).map { "#\(i): \($0)" } }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// Plans that break the closure constraint (data going back down a tier) still get a schedule,
    /// a DOT graph and a drawing, and the schedule's objective is the verifier's latency.
    @Test func infeasiblePlansAreDrawnToo() {
        var rng = SeededGenerator(seed: 1995)
        var failures: [String] = []
        for inst in Self.instances(tiers: 3, kind: .threeTier, seed: 1996) {
            for _ in 0..<20 {
                let tiers = inst.graph.layers.indices.map { $0 == inst.graph.inputIndex ? 0 : Int.random(in: 0..<3, using: &rng) }
                let plan = TierAssignment(tierOfLayer: tiers)
                let report = TierPlanVerifier.verify(plan, instance: inst)
                let schedule = TierSchedule.latency(plan, instance: inst, report: report)
                if report.latency.isFinite, !(abs(schedule.objective - report.latency) <= 1e-9 * max(report.latency, 1e-300)) {
                    failures.append("\(tiers): \(schedule.objective) vs \(report.latency)")
                }
                _ = PlanDOT.dot(plan, instance: inst, report: report)
                _ = LayeredGraphSVG.render(plan, instance: inst, report: report)
                _ = GanttSVG(schedule, title: "t").render()
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    /// Each layer's bar starts no earlier than the end of its predecessors' bars and of the
    /// transfers of their outputs; the critical chain is a chain (each marked layer but the first
    /// has a marked predecessor).
    static func dependencyFailures(_ s: Schedule, plan: TierAssignment, instance: Instance) -> [String] {
        let g = instance.graph
        var layerBar: [String: Schedule.Bar] = [:], arrival: [String: Double] = [:]
        let computeLanes = Set(s.lanes.indices.filter { s.lanes[$0].kind == .compute })
        // Uplink k is the k-th link lane that is not a result's way down.
        let uplinks = s.lanes.indices.filter { s.lanes[$0].kind == .link && !s.lanes[$0].name.hasSuffix(" result") }
        for b in s.bars {
            if computeLanes.contains(b.lane) { layerBar[b.label] = b }
            if let k = uplinks.firstIndex(of: b.lane) { arrival["\(b.label)@\(k + 1)"] = b.end }
        }
        var out: [String] = []
        for v in g.layers.indices {
            guard let bar = layerBar[g.layers[v].id] else { out.append("no bar for \(g.layers[v].id)"); continue }
            for u in g.predecessors[v] {
                let crosses = plan.tierOfLayer[u] < plan.tierOfLayer[v]
                let ready = crosses ? (arrival["\(g.layers[u].id)@\(plan.tierOfLayer[v])"] ?? .infinity) : layerBar[g.layers[u].id]?.end ?? 0
                if bar.start < ready * (1 - 1e-12) { out.append("\(g.layers[v].id) starts at \(bar.start) before its input \(g.layers[u].id) is there at \(ready)") }
            }
            if bar.critical, !g.predecessors[v].isEmpty, !g.predecessors[v].contains(where: { layerBar[g.layers[$0].id]?.critical ?? false }) {
                out.append("critical \(g.layers[v].id) has no critical predecessor")
            }
        }
        return out
    }

    @Test func ganttAndGraphDrawingsParse() throws {
        let inst = Self.instances(tiers: 3, kind: .threeTier, seed: 1990)[4]
        let plan = BruteForce.monotoneAssignments(inst.graph, tiers: 3).last!
        let report = TierPlanVerifier.verify(plan, instance: inst)
        let schedule = TierSchedule.latency(plan, instance: inst, report: report)
        let gantt = GanttSVG(schedule, title: "a <title> & \"quotes\"").render()
        let (ok, _) = SVGInspector.inspect(gantt)
        #expect(ok)
        let drawn = gantt.components(separatedBy: "<g class=\"bar\">").count + gantt.components(separatedBy: "<g class=\"bar critical\">").count - 2
        #expect(drawn == schedule.bars.count)
        let graph = LayeredGraphSVG.render(plan, instance: inst, report: report)
        #expect(SVGInspector.inspect(graph).ok)
        #expect(graph.components(separatedBy: "<g class=\"node\"").count - 1 == inst.graph.count)
        let dot = PlanDOT.dot(plan, instance: inst, report: report)
        #expect(dot.components(separatedBy: " -> ").count - 1 == inst.graph.edgeCount)
        #expect(PlanDOT.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
    }

    @Test func tickStepsAreOneTwoFiveAndLabelsCarryUnits() {
        #expect(GanttSVG.tickStep(0.372) == 0.05)
        #expect(GanttSVG.tickStep(8) == 1)
        #expect(GanttSVG.tickStep(3e-6) == 5e-7)
        #expect(GanttSVG.tickLabel(0.15, step: 0.05) == "150 ms")
        #expect(GanttSVG.tickLabel(2, step: 1) == "2 s")
    }
}
