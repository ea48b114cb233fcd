import ArgumentParser

@main
struct DNNPart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnnpart",
        abstract: "Split DNN inference across devices, edge servers and the cloud.",
        discussion: """
        Instance files are JSON (docs/instance-format.md). Inside files, plain numbers are SI units: seconds, bytes, bytes per second, FLOP/s; strings with a unit are accepted too ("12 ms", "1.5 MB", "18.88 Mbit/s"). Tables print milliseconds, bytes with decimal prefixes and Mbit/s; --json output is always SI.

        Exit codes (every command): 0 success; 1 infeasible (verify: the plan; solve: no feasible plan exists); 2 bad input (file, field and reason are printed); 3 the solver failed or hit its time limit before finding a plan; 64 usage (unknown option, missing argument, number out of range).

        Examples:
          dnnpart info instances/small/diamond.json
          dnnpart solve instances/small/diamond.json --problem latency --solver dsl
          dnnpart compare instances/small/diamond.json --problem latency
          dnnpart solve instances/small/chain4.json --json > plan.json
          dnnpart verify instances/small/chain4.json plan.json
          dnnpart maxflow graph.max --json
          dnnpart bench mincut --vertices 1000000 --seed 1
        """,
        subcommands: [InfoCommand.self, VerifyCommand.self, SolveCommand.self, CompareCommand.self,
                      SweepCommand.self, ParetoCommand.self, RepartitionCommand.self, MaxFlowCommand.self, BenchCommand.self, ZooCommand.self, ImportCommand.self, SplitCommand.self, ProfileCommand.self, ReportCommand.self, ReproduceCommand.self]
    )
}
