import ArgumentParser
import PartitionModel
import PartitionSolvers

/// The steps every problem's `solve` and `compare` share, written once over the catalog.
enum Driver {
    /// One solved and verified row of a comparison.
    struct Row<P: SolvableProblem> {
        let solver: Solver<P>
        let result: SolveResult<P.Plan>
        /// The verifier's verdict on the plan (nil without a plan).
        let verdict: Verdict<P.Figures>?
    }

    /// The catalog's solver `name` (default: the problem's default), or exit 2 listing the names.
    static func solver<P: SolvableProblem>(_: P.Type, named name: String?) throws -> Solver<P> {
        do { return try P.requireSolver(named: name ?? P.defaultSolverName) } catch {
            printError("error: \(error.description)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Exits 2 with the reason when the solver cannot take the problem (FTP in layer-wise mode).
    static func requireAccepts<P: SolvableProblem>(_ solver: Solver<P>, _ problem: P) throws {
        if let why = solver.refusal(problem) {
            printError("error: \(why)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Runs the solver; without a plan, prints why and exits 1 (no feasible plan) or 3 (the
    /// solver failed). `finish` turns the plan into the one to verify (FGCP for fc).
    static func solve<P: SolvableProblem>(_ problem: P, solver: Solver<P>, options: SolveOptions, json: Bool,
                                          finish: (P.Plan) -> P.Plan = { $0 })
        throws -> (result: SolveResult<P.Plan>, plan: P.Plan, verdict: Verdict<P.Figures>) {
        var o = options
        o.milp.progress = options.milp.progress.prefixed(solver.name)
        let result = solver.solve(problem, options: o)
        guard let plan = result.plan.map(finish) else {
            throw noPlanExit(solver: solver.name, status: result.status, message: result.message, bound: result.bound, json: json)
        }
        return (result, plan, problem.verify(plan))
    }

    /// `verify`'s shared step: the problem's verifier judges the plan; `--json` prints `json(verdict)`,
    /// text prints `headline` ("… feasible" or "… INFEASIBLE"), a blank line and `text(verdict)`;
    /// an infeasible plan exits 1.
    /// `verdict` is the plan's when the caller has already judged it.
    static func verify<P: PartitionProblem>(_ problem: P, plan: P.Plan, verdict known: Verdict<P.Figures>? = nil, json: Bool, headline: String,
                                            jsonValue: (Verdict<P.Figures>) -> JSONValue,
                                            text: (Verdict<P.Figures>) -> String) throws {
        let verdict = known ?? problem.verify(plan)
        if json {
            printJSON(jsonValue(verdict))
        } else {
            print("\(headline): \(verdict.feasible ? "feasible" : "INFEASIBLE")")
            print("")
            print(text(verdict), terminator: "")
        }
        if !verdict.feasible { throw ExitCode(ExitStatus.infeasible) }
    }

    /// Every catalog solver that takes the problem, run and verified, with the gaps by the one rule.
    static func compare<P: SolvableProblem>(_ problem: P, options: SolveOptions) -> (rows: [Row<P>], gaps: ComparisonGap) {
        let solvers = P.solvers.filter { $0.refusal(problem) == nil }
        let start = ContinuousClock.now
        let rows = solvers.enumerated().map { i, s -> Row<P> in
            var o = options
            o.milp.progress = options.milp.progress.prefixed("compare \(i + 1)/\(solvers.count): \(s.name)")
            o.milp.progress?(SolveProgress(task: "", step: "running", done: i, total: solvers.count, elapsed: secondsSince(start)))
            let r = s.solve(problem, options: o)
            return Row(solver: s, result: r, verdict: r.plan.map { problem.verify($0) })
        }
        let gaps = ComparisonGap(rows.map { .init(exact: $0.solver.exact, status: $0.result.status, objective: $0.verdict?.objective,
                                                  feasible: $0.verdict?.feasible ?? false, bound: $0.result.bound) })
        return (rows, gaps)
    }

    /// The columns every comparison row starts with in `--json`: solver, status, exact, objective and gap.
    static func rowJSON<P: SolvableProblem>(_ row: Row<P>, gaps: ComparisonGap) -> [(key: String, value: JSONValue)] {
        [("solver", .string(row.solver.name)), ("status", .string(row.result.status.rawValue)), ("exact", .bool(row.solver.exact)),
         ("objective", JSONValue.finite(row.verdict?.objective))] + gaps.json(row.verdict?.objective)
    }

    /// The columns every comparison table starts with: solver, kind and status.
    static func rowText<P: SolvableProblem>(_ row: Row<P>) -> [String] {
        [row.solver.name, row.solver.exact ? "exact" : "heuristic", row.result.status.rawValue]
    }
}

extension ProblemOptions {
    /// The solve options of these command-line options (`seed` for the problems that draw).
    func solveOptions(seed: UInt64 = 1) -> SolveOptions { SolveOptions(milp: milpOptions, seed: seed) }
}
