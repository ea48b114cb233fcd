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
        try read(bytes: Array(text.utf8), file: file)
    }

    /// Reads the DIMACS file at `path`.
    public static func read(file path: String) throws(InputError) -> FlowNetwork {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: path) } catch {
            throw InputError(file: path, path: "line 0", reason: "cannot read the file: \(error)")
        }
        return try read(bytes: bytes, file: path)
    }

    /// Parses DIMACS bytes by scanning them once: no per-line strings, numbers read digit by digit.
    public static func read(bytes: [UInt8], file: String = "<input>") throws(InputError) -> FlowNetwork {
        try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) -> FlowNetwork in
            var scanner = DIMACSScanner(bytes: buffer, file: file)
            return try scanner.network()
        }
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

/// One pass over a DIMACS file's bytes.
struct DIMACSScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var i = 0, line = 1
    var net: FlowNetwork?
    var nodes = -1, declaredArcs = -1, arcs = 0
    var source: Int?, sink: Int?

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) { (self.bytes, self.file) = (bytes, file) }

    func fail(_ reason: String) -> InputError { InputError(file: file, path: "line \(line)", reason: reason) }

    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r"), newline = UInt8(ascii: "\n")

    mutating func skipBlanks() {
        while i < bytes.count, bytes[i] == Self.space || bytes[i] == Self.tab || bytes[i] == Self.cr { i += 1 }
    }

    var atLineEnd: Bool { i >= bytes.count || bytes[i] == Self.newline }

    /// The next whitespace-separated word, for messages and keywords.
    mutating func word() -> String {
        skipBlanks()
        let from = i
        while i < bytes.count, bytes[i] != Self.space, bytes[i] != Self.tab, bytes[i] != Self.cr, bytes[i] != Self.newline { i += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<i]), as: UTF8.self)
    }

    /// A non-negative decimal integer (nil when the next word is not one, or overflows Int64).
    mutating func integer() -> Int64? {
        skipBlanks()
        let from = i
        var value: Int64 = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] - 48))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        guard i > from, atLineEnd || bytes[i] == Self.space || bytes[i] == Self.tab || bytes[i] == Self.cr else { return nil }
        return value
    }

    /// The rest of the line must be blank.
    mutating func endOfLine(_ expected: String) throws(InputError) {
        skipBlanks()
        guard atLineEnd else { throw fail("expected \(expected)") }
    }

    mutating func nextLine() {
        while i < bytes.count, bytes[i] != Self.newline { i += 1 }
        if i < bytes.count { i += 1; line += 1 }
    }

    /// A word for an error message about the field at the current position.
    mutating func fieldText() -> String { let w = word(); return w.isEmpty ? "(nothing)" : w }

    mutating func network() throws(InputError) -> FlowNetwork {
        while i < bytes.count {
            skipBlanks()
            if atLineEnd { nextLine(); continue }
            let tag = bytes[i]
            i += 1
            guard atLineEnd || bytes[i] == Self.space || bytes[i] == Self.tab || bytes[i] == Self.cr else {
                i -= 1
                throw fail("unknown line type '\(word())' (expected c, p, n or a)")
            }
            switch tag {
            case UInt8(ascii: "c"): break
            case UInt8(ascii: "p"): try problemLine()
            case UInt8(ascii: "n"): try nodeLine()
            case UInt8(ascii: "a"): try arcLine()
            default:
                i -= 1
                throw fail("unknown line type '\(word())' (expected c, p, n or a)")
            }
            nextLine()
        }
        guard nodes > 0 else { throw fail("no problem line 'p max <nodes> <arcs>'") }
        guard let s = source else { throw fail("no source node line 'n <id> s'") }
        guard let t = sink else { throw fail("no sink node line 'n <id> t'") }
        guard arcs == declaredArcs else { throw fail("the problem line declares \(declaredArcs) arcs, the file has \(arcs)") }
        if net == nil { try makeNetwork() }
        do { try net!.setTerminals(source: s, sink: t) } catch { throw fail(error.description) }
        return net!
    }

    mutating func problemLine() throws(InputError) {
        guard nodes < 0 else { throw fail("a second problem line") }
        guard word() == "max" else { throw fail("expected 'p max <nodes> <arcs>'") }
        let save = i
        guard let n = integer(), n >= 2 else { i = save; throw fail("node count must be an integer ≥ 2, found '\(fieldText())'") }
        let save2 = i
        guard let m = integer() else { i = save2; throw fail("arc count must be an integer ≥ 0, found '\(fieldText())'") }
        try endOfLine("'p max <nodes> <arcs>'")
        // Checked against the file before anything is sized: an arc line takes ≥ 8 bytes
        // ("a 1 2 0\n"), and a node that no arc touches (other than s and t) is not needed.
        let room = bytes.count / 8
        guard m <= Int64(room) else { throw fail("the problem line declares \(m) arcs; a file of \(bytes.count) bytes holds at most \(room)") }
        guard n <= 2 * m + 2, n <= Int64(Int32.max) else {
            throw fail("node count \(n) exceeds 2 × arcs + 2 = \(2 * m + 2) (nodes without arcs are not accepted)")
        }
        (nodes, declaredArcs) = (Int(n), Int(m))
    }

    /// The network, made at the first arc with the terminals read so far (0 and 1 hold the places of
    /// terminals that come after the arcs; ``FlowNetwork/setTerminals(source:sink:)`` moves them).
    mutating func makeNetwork() throws(InputError) {
        let s = source ?? (sink == 0 ? 1 : 0), t = sink ?? (s == 1 ? 0 : 1)
        do { net = try FlowNetwork(vertexCount: nodes, source: s, sink: t) } catch { throw fail(error.description) }
        net!.reserveArcs(declaredArcs)
    }

    mutating func nodeLine() throws(InputError) {
        guard nodes > 0 else { throw fail("node line before the problem line") }
        guard let raw = integer() else { throw fail("expected 'n <id> s' or 'n <id> t'") }
        guard raw >= 1, raw <= Int64(nodes) else { throw fail("node \(raw) is out of range 1...\(nodes)") }
        let id = Int(raw)
        let kind = word()
        try endOfLine("'n <id> s' or 'n <id> t'")
        switch kind {
        case "s":
            guard source == nil else { throw fail("a second source node") }
            guard sink != id - 1 else { throw fail("the source and the sink are the same vertex (\(id))") }
            source = id - 1
        case "t":
            guard sink == nil else { throw fail("a second sink node") }
            guard source != id - 1 else { throw fail("the source and the sink are the same vertex (\(id))") }
            sink = id - 1
        case "": throw fail("expected 'n <id> s' or 'n <id> t'")
        default: throw fail("node designator must be 's' or 't', found '\(kind)'")
        }
    }

    mutating func arcLine() throws(InputError) {
        guard nodes > 0 else { throw fail("arc line before the problem line") }
        var save = i
        guard let u = integer(), u >= 1, u <= Int64(nodes) else { i = save; throw fail("arc tail '\(fieldText())' is not a node in 1...\(nodes)") }
        save = i
        guard let v = integer(), v >= 1, v <= Int64(nodes) else { i = save; throw fail("arc head '\(fieldText())' is not a node in 1...\(nodes)") }
        save = i
        skipBlanks()
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            i += 1
            if let c = integer() { throw fail("capacity -\(c) is negative") }
            i = save
        }
        guard let c = integer() else {
            i = save
            let w = word()
            throw fail(w.isEmpty ? "expected 'a <from> <to> <capacity>'" : "capacity '\(w)' is not an integer")
        }
        try endOfLine("'a <from> <to> <capacity>'")
        guard arcs < declaredArcs else { throw fail("more arcs than the \(declaredArcs) the problem line declares") }
        if net == nil { try makeNetwork() }
        do { try net!.addArc(from: Int(u) - 1, to: Int(v) - 1, capacity: c) } catch { throw fail(error.description) }
        arcs += 1
    }
}
