import PartitionModel

/// The exact latency–energy Pareto front of P1: every edge–cloud plan no other plan beats on both.
///
/// Algorithm (ε-constraint, bi-objective integer programming): the first point is the
/// lexicographic minimum (least latency, then least energy among those); each next point is the
/// least latency with energy at least a resolution below the previous point's, then the least
/// energy at that latency. Each step is the P1 MILP (``EdgeCloudModel``: closure, sends, result
/// return) with one objective and one bound row on the other, both scaled so the single-tier
/// plans' larger value is 1. The front ends when no plan has less energy. Every plan found is
/// re-judged by the verifier (``TierPlanVerifier``), and points are kept only when nondominated.
/// A point is *supported* when it lies on the lower convex hull of the front: the minimum of
/// latency + λ·energy for some λ ≥ 0, what a parametric min-cut finds. ``supportedPoints(_:idle:)``
/// finds those independently by dichotomic search over λ with ``DSLSolver``, the cross-check.
/// Under memory caps the MILPs carry the cap rows (``TierMemory``) and the front holds only plans
/// that fit; the min-cut cross-check then applies only when the caps cannot bind.
///
/// - Complexity: 2 MILPs per point (2V + 1 binaries each), plus one min-cut per supported point
///   and per hull edge for the cross-check.
public enum ParetoFront {
    /// One plan of the front.
    public struct Point: Sendable {
        /// Seconds of one frame.
        public let latency: Double
        /// Joules of one frame over the tiers with power figures.
        public let energy: Double
        /// The plan.
        public let plan: TierAssignment
        /// Whether some latency + λ·energy (λ ≥ 0) is minimal here.
        public var supported = false

        /// A plan of `latency` seconds and `energy` joules.
        public init(latency: Double, energy: Double, plan: TierAssignment, supported: Bool = false) {
            (self.latency, self.energy, self.plan, self.supported) = (latency, energy, plan, supported)
        }
    }

    /// The front, in increasing latency (decreasing energy).
    public struct Front: Sendable {
        /// The nondominated points.
        public var points: [Point] = []
        /// Whether every MILP proved its optimum (else the front may miss points).
        public var complete = true
        /// MILP solves run.
        public var solves = 0
        /// Why the front may be incomplete.
        public var message: String?
    }

    /// Relative resolution in energy between two consecutive points: closer points are merged
    /// (up to 1e-3 where GLPK's integrality tolerance lets a plan slip under the bound; ``FrontSearch/next(after:)``).
    public static let resolution = 1e-6

    /// The latency–energy front of the two-tier `instance`, energy with or without idle power.
    public static func latencyEnergy(_ instance: Instance, idle: Bool = false, options: MILPOptions = MILPOptions()) throws(SolverInputError) -> Front {
        var search = try FrontSearch(instance, idle: idle, options: options)
        var front = Front()
        guard var point = search.lexicographic(energyBound: nil) else {
            return Front(points: [], complete: false, solves: search.solves, message: search.message)
        }
        front.points.append(point)
        while let next = search.next(after: point) {
            point = next
            front.points.append(point)
            if front.points.count > 10_000 { search.message = "stopped after 10000 points"; break }
        }
        front.complete = search.message == nil
        front.solves = search.solves
        front.message = search.message
        front.points = markSupported(nondominated(front.points))
        return front
    }

    /// The points no other point beats on one objective while matching it on the other.
    static func nondominated(_ points: [Point]) -> [Point] {
        points.filter { p in
            !points.contains { q in
                (q.latency <= p.latency && q.energy < p.energy) || (q.latency < p.latency && q.energy <= p.energy)
            }
        }.sorted { $0.latency < $1.latency }
    }

    /// Marks the points on the lower convex hull (in latency, energy) as supported.
    static func markSupported(_ points: [Point]) -> [Point] {
        var hull: [Int] = []
        for i in points.indices {
            while hull.count >= 2 {
                let a = points[hull[hull.count - 2]], b = points[hull[hull.count - 1]], c = points[i]
                // b is above the segment a–c (or on it): not a vertex of the lower hull.
                let cross = (b.latency - a.latency) * (c.energy - a.energy) - (b.energy - a.energy) * (c.latency - a.latency)
                if cross <= 0 { hull.removeLast() } else { break }
            }
            hull.append(i)
        }
        var out = points
        for i in hull { out[i].supported = true }
        return out
    }

    /// The supported points alone, by dichotomic search over λ with the min-cut: between two
    /// supported points A and B, λ = (L_B − L_A)/(E_A − E_B) and a cut strictly below both on
    /// latency + λ·energy is a new supported point. The two ends are the lexicographic minima
    /// found with the weights (1, ε) and (ε, 1) refined by exact re-evaluation.
    public static func supportedPoints(_ instance: Instance, idle: Bool = false) throws(SolverInputError) -> [Point] {
        let judge = FrontSearch.judge(instance, idle: idle)
        func cut(_ objective: TierObjective) throws(SolverInputError) -> Point {
            var i = instance
            i.problem.objective = objective
            let costs = try EdgeCloudCosts(i, objective: objective)
            return judge(EdgeCloudCosts.assignment(DSLSolver.minimumCut(costs).onEdge))
        }
        let a = try cut(TierObjective(.weighted, lambda: 1e-9, idle: idle)), b = try cut(TierObjective(.weighted, lambda: 1e9, idle: idle))
        var found = [a, b]
        func split(_ a: Point, _ b: Point, depth: Int) throws(SolverInputError) {
            guard depth < 64, a.energy > b.energy, b.latency > a.latency else { return }
            let lambda = (b.latency - a.latency) / (a.energy - b.energy)
            let c = try cut(TierObjective(.weighted, lambda: lambda, idle: idle))
            let here = a.latency + lambda * a.energy
            guard c.latency + lambda * c.energy < here * (1 - 1e-9) else { return }
            found.append(c)
            try split(a, c, depth: depth + 1)
            try split(c, b, depth: depth + 1)
        }
        try split(a, b, depth: 0)
        var distinct: [Point] = []
        for p in found.sorted(by: { $0.latency < $1.latency }) where !distinct.contains(where: { $0.latency == p.latency && $0.energy == p.energy }) {
            distinct.append(p)
        }
        return distinct
    }
}

/// The ε-constraint steps of ``ParetoFront``: P1 MILPs with one bound row, plans re-judged by the verifier.
struct FrontSearch {
    let instance: Instance, latencyCosts: EdgeCloudCosts, energyCosts: EdgeCloudCosts
    let options: MILPOptions
    /// 1 / the larger single-tier value of each objective: both scaled to about 1.
    let latencyScale: Double, energyScale: Double
    let judge: (TierAssignment) -> ParetoFront.Point
    /// The instance's memory caps, when some plan could break one.
    let memory: TierMemory?
    var solves = 0
    var message: String?

    init(_ instance: Instance, idle: Bool, options: MILPOptions) throws(SolverInputError) {
        self.instance = instance
        self.options = options
        let lc = try EdgeCloudCosts(instance), ec = try EdgeCloudCosts(instance, objective: TierObjective(.energy, idle: idle))
        (latencyCosts, energyCosts) = (lc, ec)
        let singles = lc.singleTierPlans
        let l = singles.map { lc.evaluate($0).latency }.max() ?? 1, e = singles.map { ec.evaluate($0).latency }.max() ?? 1
        latencyScale = l > 0 && l.isFinite ? 1 / l : 1
        energyScale = e > 0 && e.isFinite ? 1 / e : 1
        judge = Self.judge(instance, idle: idle)
        let caps = TierMemory(instance)
        memory = caps.binding.isEmpty ? nil : caps
    }

    /// The verifier's latency and energy of a plan.
    static func judge(_ instance: Instance, idle: Bool) -> (TierAssignment) -> ParetoFront.Point {
        var i = instance
        i.problem.objective = TierObjective(.energy, idle: idle)
        return { plan in
            let r = TierPlanVerifier.verify(plan, instance: i)
            return ParetoFront.Point(latency: r.latency, energy: r.energy, plan: plan)
        }
    }

    /// The least-latency plan (with energy at most `energyBound`, if any), then the least energy at that latency.
    mutating func lexicographic(energyBound: Double?) -> ParetoFront.Point? {
        guard let fastest = minimise(latency: true, bound: energyBound) else { return nil }
        let l = judge(fastest).latency
        guard let frugal = minimise(latency: false, bound: l * (1 + 1e-9) + 1e-300) else { return judge(fastest) }
        let p = judge(frugal), q = judge(fastest)
        return p.latency <= q.latency * (1 + 1e-9) && p.energy <= q.energy ? p : q
    }

    /// The next point: energy at least ``ParetoFront/resolution`` below `point`'s, least latency first.
    /// GLPK accepts binaries within 1e-5 of an integer, so a plan may slip under the bound by that
    /// much: when the verifier finds the plan no better than `point`, the gap is widened tenfold (up to 1e-3).
    mutating func next(after point: ParetoFront.Point) -> ParetoFront.Point? {
        guard point.energy > 0 else { return nil }
        var gap = ParetoFront.resolution
        while gap <= 1e-3 {
            guard let p = lexicographic(energyBound: point.energy * (1 - gap)) else { return nil }
            if p.energy < point.energy * (1 - ParetoFront.resolution / 2) { return p }
            gap *= 10
        }
        return nil
    }

    /// The plan minimising latency (or energy) with the other objective at most `bound` (in its own unit).
    mutating func minimise(latency: Bool, bound: Double?) -> TierAssignment? {
        var m = EdgeCloudModel(latencyCosts, objective: nil, scale: CostScale(upper: 1, dropBelow: 0), memory: memory)
        let l = m.expression(latencyCosts, factor: latencyScale), e = m.expression(energyCosts, factor: energyScale)
        if let bound {
            m.constrain("bound", latency ? e <= bound * energyScale : l <= bound * latencyScale, minimising: latency ? l : e)
        } else {
            m.constrain("none", l >= 0, minimising: latency ? l : e)
        }
        solves += 1
        let r = MILPSolver.solve(m.model, options: options)
        guard let values = r.values else {
            if r.status != .infeasible { message = "a MILP ended \(r.status.rawValue): \(r.message ?? "")" }
            return nil
        }
        if r.status != .optimal { message = "a MILP ended \(r.status.rawValue) before proving its optimum" }
        return EdgeCloudCosts.assignment(m.x.map { values[$0.index] > 0.5 })
    }
}
