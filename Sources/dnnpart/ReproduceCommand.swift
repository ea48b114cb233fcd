import ArgumentParser
import ModelZoo
import PartitionModel
import PartitionSolvers

struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Rerun a paper's headline experiment and print our figures beside the published ones.",
        discussion: """
        PAPER is one of dads, neurosurgeon, d3, modnn, medenn, deepthings, decnn. Each runs the paper's setting on the shipped instances and prints the published figure, ours under the documented default model, and ours under the execution model the paper describes (for the tiling papers, with each of its options alone, so the gap is explained in numbers). Speed-ups are one device's (or the baseline's) time over the plan's. No preset is refitted to close a gap. docs/reproduction.md holds every table as this command prints it.

        Example:
          dnnpart reproduce medenn
        """
    )

    enum Paper: String, ExpressibleByArgument, CaseIterable {
        case dads, neurosurgeon, d3, modnn, medenn, deepthings, decnn
    }

    @Argument(help: "The paper: dads, neurosurgeon, d3, modnn, medenn, deepthings or decnn.")
    var paper: Paper

    @Flag(help: "Machine-readable output: {paper, setting, header, rows, notes}.")
    var json = false

    func run() throws {
        let table = try withInputErrors { try Reproduction.run(paper) }
        if json {
            printJSON(.object([
                ("paper", .string(paper.rawValue)), ("setting", .string(table.setting)),
                ("header", .array(table.header.map { .string($0) })),
                ("rows", .array(table.rows.map { .array($0.map { .string($0) }) })),
                ("notes", .array(table.notes.map { .string($0) })),
            ]))
        } else {
            print(table.text, terminator: "")
        }
    }
}

/// One paper's reproduction: the setting, our table beside the published figures, and notes.
struct ReproductionTable {
    let title: String
    let setting: String
    var header: [String] = []
    var rows: [[String]] = []
    var notes: [String] = []

    var text: String {
        var t = TextTable(header: header, rightAligned: Set(1..<header.count))
        t.rows = rows
        return "\(title)\n\(setting)\n\n" + t.render() + (notes.isEmpty ? "" : "\n" + notes.map { "- \($0)\n" }.joined())
    }
}

/// The experiments, one function per paper.
enum Reproduction {
    static func run(_ paper: ReproduceCommand.Paper) throws -> ReproductionTable {
        switch paper {
        case .medenn: return try medenn()
        case .modnn: return try modnn()
        case .deepthings: return try deepThings()
        case .decnn: return try decnn()
        case .dads: return try dads()
        case .neurosurgeon: return try neurosurgeon()
        case .d3: return try d3()
        }
    }

    static func speedup(_ x: Double) -> String { UnitFormat.fixed(x, 2) + "×" }

    /// Whether ours is within ±20% of the published figure.
    static func within(_ ours: Double, _ published: Double) -> String {
        let r = ours / published
        return r >= 0.8 && r <= 1.2 ? "yes (\(UnitFormat.fixed(100 * (r - 1), 0))%)" : "no (\(UnitFormat.fixed(100 * (r - 1), 0))%)"
    }
}
