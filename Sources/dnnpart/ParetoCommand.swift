import ArgumentParser
import PartitionModel
import PartitionSolvers

struct ParetoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pareto",
        abstract: "The exact latency–energy Pareto front of an edge–cloud split (P1), with the heuristics against it; writes a CSV and an SVG chart.",
        discussion: """
        Every plan of the front is one that no other plan beats on both latency and energy. Energy is the joules of the tiers with power figures (computeWatts, transmitWatts, …; the zoo's presets carry them); --idle-energy adds each tier's idle power while it waits. The front comes from ε-constraint MILPs (least latency under an energy bound, then least energy at that latency); supported points (on its convex hull, what minimising latency + λ·energy finds) are marked, and the min-cut's own dichotomic search over λ is run as a cross-check. The heuristics (Neurosurgeon by latency and by energy, edge-only, cloud-only) are plotted as points, with the front point that dominates each.

        Example:
          dnnpart pareto instances/zoo/googlenet-rpi3-server-8core-4g.json -o googlenet
          (writes googlenet.csv and googlenet.svg)
        """
    )

    @Argument(help: "Instance file (JSON) with two tiers.")
    var instance: String

    @Option(help: "The two objectives (only latency,energy).")
    var objectives: String = "latency,energy"

    @Flag(help: "Energy counts each tier's idle power while it waits.")
    var idleEnergy = false

    @Option(help: "Measured layer times: CSV layer,tier,UNIT (see solve --help).")
    var profile: String?

    @Option(name: [.customShort("o"), .long], help: "Output prefix: writes PREFIX.csv and PREFIX.svg (default: the instance name + -pareto).")
    var output: String?

    @Option(parsing: .unconditional, help: "Time limit per MILP, in seconds.")
    var timeLimit: Double?

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    func validate() throws {
        guard objectives.replacingOccurrences(of: " ", with: "") == "latency,energy" else {
            throw ValidationError("--objectives: only latency,energy is supported, found \(objectives)")
        }
        if let t = timeLimit, !(t.isFinite && t > 0) { throw ValidationError("--time-limit must be a number of seconds > 0") }
    }

    func run() throws {
        let inst = try withInputErrors { () throws -> Instance in
            let inst = try loadInstance(instance, profile: profile)
            guard inst.tiers.count == 2 else { throw SolverInputError("pareto takes an edge–cloud instance (2 tiers); \(inst.name) has \(inst.tiers.count)") }
            guard inst.tiers.contains(where: { $0.device?.computeWatts != nil }) || inst.links.contains(where: { $0.transmitWatts != nil }) else {
                throw SolverInputError("\(inst.name) has no power figures (computeWatts on a tier's device, transmitWatts on a link): every plan would cost 0 J")
            }
            return inst
        }
        let front = try withInputErrors { try ParetoFront.latencyEnergy(inst, idle: idleEnergy, options: MILPOptions(timeLimit: timeLimit)) }
        let capsBind = !TierMemory(inst).binding.isEmpty
        let supported = capsBind ? [] : try withInputErrors { try ParetoFront.supportedPoints(inst, idle: idleEnergy) }
        let others = heuristics(inst, front: front.points)
        let prefix = output ?? inst.name + "-pareto"
        let chart = ParetoSVG(title: "\(inst.name): latency–energy front (P1)", front: front.points.map { ($0.latency, $0.energy, $0.supported) },
                              others: others.map { ($0.label, $0.point.latency, $0.point.energy) })
        try withInputErrors {
            try FileBytes.write(csv(front, others: others), path: prefix + ".csv")
            try FileBytes.write(chart.render(), path: prefix + ".svg")
        }
        let hullAgrees = supported.allSatisfy { s in front.points.contains { $0.supported && Self.same($0, s) } }
        if json {
            printJSON(.object([
                ("instance", .string(inst.name)), ("complete", .bool(front.complete)), ("solves", .int(front.solves)),
                ("points", .array(front.points.map { p in .object([("latency", .double(p.latency)), ("energy", .double(p.energy)),
                                                                    ("supported", .bool(p.supported)), ("edgeLayers", .int(p.plan.tierOfLayer.filter { $0 == 0 }.count))]) })),
                ("heuristics", .array(others.map { h in .object([("solver", .string(h.label)), ("latency", .double(h.point.latency)),
                                                                 ("energy", .double(h.point.energy)), ("dominatedBy", h.dominatedBy.map { .int($0 + 1) } ?? .null)]) })),
                ("minCutSupportedPointsAgree", .bool(hullAgrees)), ("csv", .string(prefix + ".csv")), ("svg", .string(prefix + ".svg")),
            ]))
            return
        }
        print("instance \(inst.name)  latency–energy front of P1\(idleEnergy ? " (idle power counted)" : "")  \(front.points.count) points, \(front.solves) MILPs\(front.complete ? "" : "  INCOMPLETE: \(front.message ?? "")")")
        var t = TextTable(header: ["point", "latency (ms)", "energy (mJ)", "supported", "layers on the edge"], rightAligned: [0, 1, 2, 4])
        for (i, p) in front.points.enumerated() {
            t.rows.append(["\(i + 1)", UnitFormat.milliseconds(p.latency), UnitFormat.fixed(p.energy * 1e3, 3), p.supported ? "yes" : "no",
                           "\(p.plan.tierOfLayer.filter { $0 == 0 }.count - 1) of \(inst.graph.count - 1)"])
        }
        print(t.render(), terminator: "")
        var h = TextTable(header: ["heuristic", "latency (ms)", "energy (mJ)", "on the front"], rightAligned: [1, 2])
        for o in others {
            h.rows.append([o.label, UnitFormat.milliseconds(o.point.latency), UnitFormat.fixed(o.point.energy * 1e3, 3),
                           o.dominatedBy.map { "no: point \($0 + 1) dominates it" } ?? "yes"])
        }
        print("\n" + h.render(), terminator: "")
        if capsBind {
            print("\nmemory caps can bind: the front holds only plans that fit, and the min-cut cross-check (which ignores caps) is skipped")
        } else {
            print("\nthe min-cut's \(supported.count) supported points \(hullAgrees ? "are" : "are NOT all") hull points of the front")
        }
        print("wrote \(prefix).csv and \(prefix).svg")
    }

    /// Whether two points have the same latency and energy (to 1e-9).
    static func same(_ a: ParetoFront.Point, _ b: ParetoFront.Point) -> Bool {
        abs(a.latency - b.latency) <= 1e-9 * max(a.latency, 1e-300) && abs(a.energy - b.energy) <= 1e-9 * max(a.energy, 1e-300)
    }

    /// Neurosurgeon (by latency and by energy), edge-only and cloud-only, each with the front point dominating it.
    func heuristics(_ inst: Instance, front: [ParetoFront.Point]) -> [(label: String, point: ParetoFront.Point, dominatedBy: Int?)] {
        var energyInstance = inst
        energyInstance.problem.objective = TierObjective(.energy, idle: idleEnergy)
        let runs: [(String, SolveResult<TierAssignment>)] = [
            ("neurosurgeon (latency)", Neurosurgeon.solve(inst)), ("neurosurgeon (energy)", Neurosurgeon.solve(energyInstance)),
            ("edge-only", SingleTierBaseline.firstTier(inst)), ("cloud-only", SingleTierBaseline.lastTier(inst)),
        ]
        return runs.compactMap { label, r in
            guard let plan = r.plan else { return nil }
            let v = TierPlanVerifier.verify(plan, instance: energyInstance)
            let p = ParetoFront.Point(latency: v.latency, energy: v.energy, plan: plan)
            let by = front.firstIndex { q in
                (q.latency <= p.latency * (1 + 1e-9) && q.energy < p.energy * (1 - 1e-9)) || (q.latency < p.latency * (1 - 1e-9) && q.energy <= p.energy * (1 + 1e-9))
            }
            return (label, p, by)
        }
    }

    /// point,latency_s,energy_j,supported rows, then one row per heuristic.
    func csv(_ front: ParetoFront.Front, others: [(label: String, point: ParetoFront.Point, dominatedBy: Int?)]) -> String {
        var out = "kind,name,latency_s,energy_j,supported\n"
        for (i, p) in front.points.enumerated() { out += "front,\(i + 1),\(p.latency),\(p.energy),\(p.supported)\n" }
        for o in others { out += "heuristic,\(o.label),\(o.point.latency),\(o.point.energy),\n" }
        return out
    }
}
