import PartitionModel

/// Seeded mutations of text inputs (JSON, DIMACS, Matrix Market, CSV) for the fuzz tests.
///
/// Each mutation applies one to three edits: a number replaced by an extreme
/// value (0, −1, 1e308, 5e-324, 2^63, …), a string replaced, a line deleted
/// or duplicated, the text truncated, a token inserted, or a byte changed.
/// The same seed gives the same mutants.
public struct Mutator {
    var rng: SeededGenerator

    /// A mutator drawing from `seed`.
    public init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// Values that broke parsers and solvers before.
    public static let extremes = [
        "0", "-1", "-0", "1", "2", "0.5", "1e308", "-1e308", "5e-324", "1e-300", "1e-9", "1e12", "1e15", "1e18", "1e19", "1e24",
        "65535", "65536", "65537", "2147483647", "2147483648", "4294967296", "1000000000", "9007199254740993",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e400", "NaN", "Infinity",
        "\"x\"", "\"\"", "\"12 ms\"", "\"1e308 s\"", "\"5e-324 Mbit/s\"", "\"-3 MB\"", "null", "true", "[]", "{}", "[1, 2]",
    ]

    /// One mutant of `text`.
    public mutating func mutate(_ text: String) -> String {
        var s = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &rng) { s = edit(s) }
        return String(decoding: s, as: UTF8.self)
    }

    mutating func edit(_ s: [UInt8]) -> [UInt8] {
        guard !s.isEmpty else { return Array(Mutator.extremes.randomElement(using: &rng)!.utf8) }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0...3: return replaceNumber(s)
        case 4: return replaceString(s)
        case 5: return editLine(s, duplicate: false)
        case 6: return editLine(s, duplicate: true)
        case 7: return Array(s[0..<Int.random(in: 0..<s.count, using: &rng)])
        case 8:
            let at = Int.random(in: 0...s.count, using: &rng)
            return Array(s[0..<at]) + Array(Mutator.extremes.randomElement(using: &rng)!.utf8) + Array(s[at...])
        default:
            var t = s
            t[Int.random(in: 0..<t.count, using: &rng)] = UInt8.random(in: 32...126, using: &rng)
            return t
        }
    }

    /// The spans of number-like tokens (digits with sign, dot and exponent).
    static func numberSpans(_ s: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var i = 0
        func isNumberByte(_ b: UInt8) -> Bool { (48...57).contains(b) || b == 45 || b == 43 || b == 46 || b == 101 || b == 69 }
        while i < s.count {
            if (48...57).contains(s[i]) {
                var start = i
                if start > 0, s[start - 1] == 45 { start -= 1 }
                var end = i
                while end < s.count, isNumberByte(s[end]) { end += 1 }
                spans.append(start..<end)
                i = end
            } else {
                i += 1
            }
        }
        return spans
    }

    mutating func replaceNumber(_ s: [UInt8]) -> [UInt8] {
        let spans = Mutator.numberSpans(s)
        guard let span = spans.randomElement(using: &rng) else { return s }
        let value = Mutator.extremes.filter { !$0.hasPrefix("\"") && !$0.hasPrefix("[") && !$0.hasPrefix("{") }.randomElement(using: &rng)!
        return Array(s[..<span.lowerBound]) + Array(value.utf8) + Array(s[span.upperBound...])
    }

    mutating func replaceString(_ s: [UInt8]) -> [UInt8] {
        let quotes = s.indices.filter { s[$0] == 34 }
        guard quotes.count >= 2 else { return s }
        let k = Int.random(in: 0..<(quotes.count / 2), using: &rng) * 2
        let (a, b) = (quotes[k], quotes[k + 1])
        let choices = ["\"\"", "\"x\"", "\"input\"", "\"edge\"", "\"conv\"", "\"fused\"", "\"1..0\"", "0", "null", "\"12 parsecs\""]
        return Array(s[..<a]) + Array(choices.randomElement(using: &rng)!.utf8) + Array(s[(b + 1)...])
    }

    mutating func editLine(_ s: [UInt8], duplicate: Bool) -> [UInt8] {
        var lines = s.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return s }
        let k = Int.random(in: 0..<lines.count, using: &rng)
        if duplicate { lines.insert(lines[k], at: k) } else { lines.remove(at: k) }
        return Array(lines.joined(separator: [10]))
    }
}
