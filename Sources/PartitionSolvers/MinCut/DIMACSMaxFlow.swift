import PartitionModel

/// Reading and writing DIMACS max-flow files (`.max`).
///
/// The format (DIMACS implementation challenge, 1990): `c` comment lines, one
/// problem line `p max <nodes> <arcs>`, two node lines `n <id> s` and
/// `n <id> t`, then `a <from> <to> <capacity>` lines. Node ids are 1-based in
/// the file and 0-based in ``FlowNetwork``. Capacities are non-negative
/// integers. Errors name the line.
///
/// - Complexity: O(size of the file).
public enum DIMACSMaxFlow {
    /// Parses DIMACS text; `file` names it in errors.
    public static func read(text: String, file: String = "<input>") throws(InputError) -> FlowNetwork {
        var nodes = -1, declaredArcs = -1
        var source: Int?, sink: Int?
        var arcs: [(Int, Int, Int64)] = []
        var lineNumber = 0
        func fail(_ reason: String) -> InputError { InputError(file: file, path: "line \(lineNumber)", reason: reason) }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let fields = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let tag = fields.first else { continue }
            switch tag {
            case "c":
                continue
            case "p":
                guard nodes < 0 else { throw fail("a second problem line") }
                guard fields.count == 4, fields[1] == "max" else { throw fail("expected 'p max <nodes> <arcs>'") }
                guard let n = Int(fields[2]), n >= 2 else { throw fail("node count must be an integer ≥ 2, found '\(fields[2])'") }
                guard let m = Int(fields[3]), m >= 0 else { throw fail("arc count must be an integer ≥ 0, found '\(fields[3])'") }
                // Checked against the file before anything is sized: an arc line takes ≥ 8 bytes
                // ("a 1 2 0\n"), and a node that no arc touches (other than s and t) is not needed.
                let room = text.utf8.count / 8
                guard m <= room else { throw fail("the problem line declares \(m) arcs; a file of \(text.utf8.count) bytes holds at most \(room)") }
                guard n <= 2 * m + 2, n <= Int(Int32.max) else {
                    throw fail("node count \(n) exceeds 2 × arcs + 2 = \(2 * m + 2) (nodes without arcs are not accepted)")
                }
                nodes = n
                declaredArcs = m
                arcs.reserveCapacity(m)
            case "n":
                guard nodes > 0 else { throw fail("node line before the problem line") }
                guard fields.count == 3, let id = Int(fields[1]) else { throw fail("expected 'n <id> s' or 'n <id> t'") }
                guard (1...nodes).contains(id) else { throw fail("node \(id) is out of range 1...\(nodes)") }
                switch fields[2] {
                case "s":
                    guard source == nil else { throw fail("a second source node") }
                    source = id - 1
                case "t":
                    guard sink == nil else { throw fail("a second sink node") }
                    sink = id - 1
                default: throw fail("node designator must be 's' or 't', found '\(fields[2])'")
                }
            case "a":
                guard nodes > 0 else { throw fail("arc line before the problem line") }
                guard fields.count == 4 else { throw fail("expected 'a <from> <to> <capacity>'") }
                guard let u = Int(fields[1]), (1...nodes).contains(u) else { throw fail("arc tail '\(fields[1])' is not a node in 1...\(nodes)") }
                guard let v = Int(fields[2]), (1...nodes).contains(v) else { throw fail("arc head '\(fields[2])' is not a node in 1...\(nodes)") }
                guard let c = Int64(fields[3]) else { throw fail("capacity '\(fields[3])' is not an integer") }
                guard c >= 0 else { throw fail("capacity \(c) is negative") }
                guard arcs.count < declaredArcs else { throw fail("more arcs than the \(declaredArcs) the problem line declares") }
                arcs.append((u - 1, v - 1, c))
            default:
                throw fail("unknown line type '\(tag)' (expected c, p, n or a)")
            }
        }
        lineNumber = max(lineNumber, 1)
        guard nodes > 0 else { throw fail("no problem line 'p max <nodes> <arcs>'") }
        guard let s = source else { throw fail("no source node line 'n <id> s'") }
        guard let t = sink else { throw fail("no sink node line 'n <id> t'") }
        guard arcs.count == declaredArcs else { throw fail("the problem line declares \(declaredArcs) arcs, the file has \(arcs.count)") }
        do {
            var net = try FlowNetwork(vertexCount: nodes, source: s, sink: t)
            net.reserveArcs(arcs.count)
            for (u, v, c) in arcs { try net.addArc(from: u, to: v, capacity: c) }
            return net
        } catch {
            throw fail(error.description)
        }
    }

    /// Reads the DIMACS file at `path`.
    public static func read(file path: String) throws(InputError) -> FlowNetwork {
        try read(text: FileBytes.readText(path: path, location: "line 0"), file: path)
    }

    /// The network as DIMACS text.
    public static func text(_ net: FlowNetwork, comment: String? = nil) -> String {
        var out = ""
        out.reserveCapacity(24 * net.arcCount + 64)
        if let comment {
            for line in comment.split(separator: "\n") { out += "c \(line)\n" }
        }
        out += "p max \(net.vertexCount) \(net.arcCount)\n"
        out += "n \(net.source + 1) s\n"
        out += "n \(net.sink + 1) t\n"
        for a in 0..<net.arcCount {
            out += "a \(net.tails[a] + 1) \(net.heads[a] + 1) \(net.capacities[a])\n"
        }
        return out
    }
}
