/// One measured time from a profile CSV.
public struct MeasuredTime: Sendable, Equatable {
    /// The layer id.
    public let layer: String
    /// The tier name.
    public let tier: String
    /// The time, in seconds.
    public let seconds: Double
    /// The line of the CSV (1-based), for messages.
    public let line: Int

    /// A measurement of `seconds` for `layer` on `tier`, from line `line` of a CSV.
    public init(layer: String, tier: String, seconds: Double, line: Int) {
        self.layer = layer
        self.tier = tier
        self.seconds = seconds
        self.line = line
    }
}

/// Measured per-layer times: a CSV whose header names the unit, `layer,tier,ms` (or `s`, `us`).
///
/// Every value is a number in the header's unit, or a duration with its own unit (`12 ms`).
/// Blank lines and `#` comments are skipped. A file without the header is refused: a bare
/// `61.2` must never be read as seconds when it was measured in milliseconds.
public enum ProfileCSV {
    /// The header's unit names and their length in seconds.
    static let units: [String: Double] = ["s": 1, "sec": 1, "seconds": 1, "ms": 1e-3, "milliseconds": 1e-3,
                                          "us": 1e-6, "µs": 1e-6, "microseconds": 1e-6]

    /// Reads the profile at `path`.
    public static func read(file path: String) throws(InputError) -> [MeasuredTime] {
        try read(text: FileBytes.readText(path: path, location: "line 0"), file: path)
    }

    /// Reads profile text; `file` names it in errors.
    public static func read(text: String, file: String) throws(InputError) -> [MeasuredTime] {
        var out: [MeasuredTime] = []
        var unit: Double?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(" \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(" \t\"") }
            func fail(_ reason: String) -> InputError { InputError(file: file, path: "line \(n + 1)", reason: reason) }
            guard fields.count == 3 else { throw fail("expected 3 fields layer,tier,time, found \(fields.count)") }
            guard let perUnit = unit else {
                guard fields[0].lowercased() == "layer", fields[1].lowercased() == "tier", let u = units[fields[2].lowercased()] else {
                    throw fail("the first line must be the header layer,tier,UNIT with UNIT s, ms or us (found \"\(line)\")")
                }
                unit = u
                continue
            }
            out.append(MeasuredTime(layer: fields[0], tier: fields[1], seconds: try seconds(fields[2], unit: perUnit, fail: fail), line: n + 1))
        }
        guard unit != nil else { throw InputError(file: file, path: "line 1", reason: "empty profile: expected the header layer,tier,UNIT") }
        return out
    }

    /// A value in the header's unit, or a duration with its own unit.
    static func seconds(_ text: String, unit: Double, fail: (String) -> InputError) throws(InputError) -> Double {
        let value: Double
        if let x = Double(text) {
            value = x * unit
        } else {
            switch QuantityKind.duration.parse(text) {
            case .success(let s): value = s
            case .failure(let e): throw fail(e.reason)
            }
        }
        guard value.isFinite, value >= 0 else { throw fail("time must be a finite number ≥ 0, found \(text)") }
        let limit = InputLimits.range(of: .duration).upperBound
        guard value <= limit else { throw fail("time \(value) s exceeds the limit \(limit) s") }
        return value
    }
}

extension Instance {
    /// This instance with the measured times in its tiers' profiles (replacing earlier values).
    ///
    /// An unknown tier or layer, or a layer listed twice for one tier, is an error at the CSV line;
    /// an unknown layer's message lists the closest ids.
    public func applyingProfile(_ rows: [MeasuredTime], file: String) throws(InputError) -> Instance {
        var tiers = self.tiers
        var seen: [String: Int] = [:]
        for r in rows {
            func fail(_ reason: String) -> InputError { InputError(file: file, path: "line \(r.line)", reason: reason) }
            guard let k = tiers.firstIndex(where: { $0.name == r.tier }) else {
                throw fail("unknown tier \"\(r.tier)\" (tiers: \(tiers.map(\.name).joined(separator: ", ")))")
            }
            guard let v = graph.index[r.layer] else {
                let near = LayerNames.closest(to: r.layer, in: graph.layers.map(\.id))
                throw fail("unknown layer id \"\(r.layer)\"" + (near.isEmpty ? "" : " (closest: \(near.joined(separator: ", ")))"))
            }
            if let first = seen[r.tier + "\u{0}" + r.layer] { throw fail("layer \"\(r.layer)\" on tier \"\(r.tier)\" is listed twice (line \(first))") }
            seen[r.tier + "\u{0}" + r.layer] = r.line
            tiers[k].profile[v] = r.seconds
        }
        return try Instance(name: name, description: description, graph: graph, tiers: tiers, links: links, problem: problem,
                            cluster: cluster, file: file)
    }
}

/// Suggestions for mistyped layer ids.
enum LayerNames {
    /// Up to three ids nearest to `name` by edit distance (within half its length).
    static func closest(to name: String, in ids: [String]) -> [String] {
        let a = Array(name)
        let scored = ids.map { ($0, distance(a, Array($0))) }.filter { $0.1 <= max(2, a.count / 2) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let next = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = row[j]
                row[j] = next
            }
        }
        return row[b.count]
    }
}

extension Substring {
    fileprivate func trimmingCharacters(_ set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
