import PartitionModel
import RealModule

/// Solves an instance at a range of bandwidths of one link with every solver of a problem.
///
/// Points are spaced geometrically (equal ratios), since bandwidths span decades. At each point
/// every solver runs on the instance with that link's uplink (and downlink, when they were equal)
/// set to the point's bandwidth; objectives are recomputed by the verifier. The exact solver's
/// plan is recorded so that the points where the optimal plan changes can be marked.
///
/// - Complexity: steps × (sum of the solvers' costs).
public struct BandwidthSweep: Sendable {
    /// One bandwidth of the sweep and what every solver achieved there.
    public struct Point: Sendable {
        /// The link's bandwidth, bytes/s.
        public let bandwidth: Double
        /// Objective per solver, in solver order: latency (s) for latency and three-tier, throughput (frames/s) for throughput.
        public let values: [Double?]
        /// The first exact solver's plan.
        public let optimalPlan: TierAssignment?
    }

    /// The problem swept.
    public let problem: ProblemKind
    /// The link whose bandwidth varies.
    public let link: Int
    /// The solvers, in the order of every point's values.
    public let solvers: [String]
    /// The points, by increasing bandwidth.
    public let points: [Point]

    /// Bandwidths from `low` to `high` (bytes/s) in `steps` geometric steps.
    public static func bandwidths(from low: Double, to high: Double, steps: Int) -> [Double] {
        guard steps > 1 else { return [low] }
        return (0..<steps).map { i in low * Double.pow(high / low, Double(i) / Double(steps - 1)) }
    }

    /// Runs the sweep.
    public static func run(_ instance: Instance, problem: ProblemKind, link: Int, from low: Double, to high: Double, steps: Int,
                           milpOptions: MILPOptions = MILPOptions()) throws(SolverInputError) -> BandwidthSweep {
        guard instance.links.indices.contains(link) else { throw SolverInputError("no link \(link); the instance has \(instance.links.count)") }
        guard low.isFinite, high.isFinite, low > 0, high > low else { throw SolverInputError("the bandwidth range needs 0 < low < high") }
        guard (2...10_000).contains(steps) else { throw SolverInputError("steps must be in 2...10000") }
        guard instance.tiers.count == problem.tierCount else {
            throw SolverInputError("problem \(problem.rawValue) needs \(problem.tierCount) tiers, the instance has \(instance.tiers.count)")
        }
        var quiet = milpOptions
        quiet.progress = nil
        let catalog = SolverCatalog.solvers(for: problem, milpOptions: quiet)
        let progress = milpOptions.progress.prefixed("sweep"), start = ContinuousClock.now
        var points: [Point] = []
        for (k, b) in bandwidths(from: low, to: high, steps: steps).enumerated() {
            progress?(SolveProgress(task: "", step: "point at \(UnitFormat.bandwidth(b)), \(catalog.count) solvers", done: k, total: steps,
                                    elapsed: secondsSince(start)))
            var l = instance.links[link]
            if l.downlinkBandwidth == l.bandwidth { l.downlinkBandwidth = b }
            l.bandwidth = b
            let inst: Instance
            do { inst = try instance.replacingLink(link, with: l) } catch { throw SolverInputError(error.description) }
            var values: [Double?] = []
            var optimal: TierAssignment?
            for s in catalog {
                let r = s.run(inst)
                guard let plan = r.plan else { values.append(nil); continue }
                let rep = TierPlanVerifier.verify(plan, instance: inst)
                values.append(problem == .throughput ? rep.throughput : rep.latency)
                if s.exact, optimal == nil, r.status == .optimal { optimal = plan }
            }
            points.append(Point(bandwidth: b, values: values, optimalPlan: optimal))
        }
        return BandwidthSweep(problem: problem, link: link, solvers: catalog.map(\.name), points: points)
    }

    /// Indices i where the optimal plan at point i differs from the one at point i − 1.
    public var planChanges: [Int] {
        points.indices.dropFirst().filter { points[$0].optimalPlan != points[$0 - 1].optimalPlan && points[$0].optimalPlan != nil }
    }

    /// The unit of the plotted values.
    public var valueLabel: String { problem == .throughput ? "throughput (frames/s)" : "latency (ms)" }

    func displayValue(_ v: Double) -> Double { problem == .throughput ? v : v * 1e3 }

    /// One row per point: bandwidth in Mbit/s, then one column per solver (ms or frames/s), then whether the optimal plan changed.
    public func csv() -> String {
        var out = "bandwidth_mbit_s," + solvers.map { "\($0)_\(problem == .throughput ? "fps" : "ms")" }.joined(separator: ",") + ",optimal_plan_changed\n"
        let changes = Set(planChanges)
        for (i, p) in points.enumerated() {
            out += UnitFormat.fixed(p.bandwidth * 8 / 1e6, 6) + ","
            out += p.values.map { $0.map { UnitFormat.fixed(displayValue($0), 6) } ?? "" }.joined(separator: ",")
            out += changes.contains(i) ? ",1\n" : ",0\n"
        }
        return out
    }

    /// The sweep as an SVG line chart: one series per solver, log-scaled bandwidth axis, marks at plan changes.
    public func svg(title: String) -> String {
        let series = solvers.indices.map { s in
            SVGLineChart.Series(name: solvers[s], points: points.compactMap { p in p.values[s].map { (p.bandwidth * 8 / 1e6, displayValue($0)) } })
        }
        let marks = planChanges.map { i in
            (x: (points[i - 1].bandwidth * points[i].bandwidth).squareRoot() * 8 / 1e6, label: "plan changes")
        }
        return SVGLineChart(title: title, xLabel: "bandwidth of link \(link) (Mbit/s, log scale)", yLabel: valueLabel,
                            series: series, verticalMarks: marks).render()
    }
}
