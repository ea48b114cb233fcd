/// The physical kinds of number an instance file holds, each with its SI unit.
///
/// Inside the library every quantity is a `Double` in its SI unit: seconds,
/// bytes, bytes per second, floating-point operations per second. Files may
/// give a plain number in that unit or a string with a unit, such as
/// `"18.88 Mbit/s"`, `"12 ms"` or `"1.5 MB"`. Decimal prefixes are powers of
/// 1000 (`MB` = 10⁶ bytes), binary ones powers of 1024 (`MiB` = 2²⁰ bytes),
/// and `bit` units are divided by 8.
public enum QuantityKind: String, Sendable, CaseIterable {
    case duration
    case bytes
    case bandwidth
    case flopRate
    case power
    case energy

    /// The SI unit a plain number is read in.
    public var siUnit: String {
        switch self {
        case .duration: return "s"
        case .bytes: return "B"
        case .bandwidth: return "B/s"
        case .flopRate: return "FLOP/s"
        case .power: return "W"
        case .energy: return "J"
        }
    }

    /// Units accepted in strings, with their factor to the SI unit.
    public var units: [(String, Double)] {
        switch self {
        case .duration:
            return [("s", 1), ("sec", 1), ("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6),
                    ("ns", 1e-9), ("min", 60), ("h", 3600)]
        case .bytes:
            return [("B", 1), ("kB", 1e3), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12),
                    ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776),
                    ("bit", 0.125), ("kbit", 125), ("Mbit", 125e3), ("Gbit", 125e6)]
        case .bandwidth:
            return [("B/s", 1), ("kB/s", 1e3), ("KB/s", 1e3), ("MB/s", 1e6), ("GB/s", 1e9),
                    ("KiB/s", 1024), ("MiB/s", 1_048_576), ("GiB/s", 1_073_741_824),
                    ("bit/s", 0.125), ("bps", 0.125), ("kbit/s", 125), ("kbps", 125), ("Kbps", 125),
                    ("Mbit/s", 125e3), ("Mbps", 125e3), ("Gbit/s", 125e6), ("Gbps", 125e6)]
        case .flopRate:
            return [("FLOP/s", 1), ("FLOPS", 1), ("kFLOP/s", 1e3), ("MFLOP/s", 1e6), ("GFLOP/s", 1e9),
                    ("TFLOP/s", 1e12), ("kFLOPS", 1e3), ("MFLOPS", 1e6), ("GFLOPS", 1e9), ("TFLOPS", 1e12)]
        case .power:
            return [("W", 1), ("mW", 1e-3), ("µW", 1e-6), ("uW", 1e-6), ("kW", 1e3)]
        case .energy:
            return [("J", 1), ("mJ", 1e-3), ("µJ", 1e-6), ("uJ", 1e-6), ("kJ", 1e3), ("Wh", 3600), ("mWh", 3.6)]
        }
    }

    /// Parses `"<number> <unit>"` (the space is optional) into the SI unit.
    ///
    /// Fails with a reason when the text is not a finite number
    /// followed by one of ``units``.
    public func parse(_ text: String) -> Result<Double, QuantityParseError> {
        let trimmed = text.trimmingSpaces()
        // The longest prefix that reads as a number is the value; the rest is the unit.
        var split: (value: Double, rest: Substring)?
        var cut = trimmed.endIndex
        while cut > trimmed.startIndex {
            let head = String(trimmed[..<cut]).trimmingSpaces()
            if !head.isEmpty, let v = Double(head) {
                split = (v, trimmed[cut...])
                break
            }
            cut = trimmed.index(before: cut)
        }
        guard let (value, rest) = split else {
            return .failure(QuantityParseError(reason: "\"\(text)\" does not start with a number (expected e.g. \(example))"))
        }
        let unitText = String(rest).trimmingSpaces()
        guard value.isFinite else {
            return .failure(QuantityParseError(reason: "\"\(text)\" is not a finite number"))
        }
        if unitText.isEmpty { return .success(value) }
        guard let factor = units.first(where: { $0.0 == unitText })?.1 else {
            let known = units.map(\.0).joined(separator: ", ")
            return .failure(QuantityParseError(reason: "unknown \(rawValue) unit \"\(unitText)\" (known: \(known))"))
        }
        return .success(value * factor)
    }

    var example: String {
        switch self {
        case .duration: return "\"12 ms\""
        case .bytes: return "\"1.5 MB\""
        case .bandwidth: return "\"18.88 Mbit/s\""
        case .flopRate: return "\"2.5 GFLOP/s\""
        case .power: return "\"3.7 W\""
        case .energy: return "\"12 mJ\""
        }
    }
}

/// Why a string with a unit could not be read.
public typealias QuantityParseError = PartitionError

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
