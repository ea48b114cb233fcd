/// Friendly renderings of SI quantities for people (the CLI's tables).
///
/// The library computes in seconds, bytes and bytes per second; these helpers
/// only format. They never feed a number back into a computation.
public enum UnitFormat {
    /// `0.0123` → `"12.300 ms"`; picks s, ms or µs.
    public static func duration(_ seconds: Double) -> String { milliMicro(seconds, unit: "s") }

    /// `0.0123` → `"12.300 mJ"`; picks J, mJ or µJ.
    public static func energy(_ joules: Double) -> String { milliMicro(joules, unit: "J") }

    /// `x` in `unit`, m`unit` or µ`unit` with three decimals ("0 m`unit`" for 0).
    static func milliMicro(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return "\(x)" }
        let a = abs(x)
        if a == 0 { return "0 m" + unit }
        if a >= 1 { return fixed(x, 3) + " " + unit }
        if a >= 1e-3 { return fixed(x * 1e3, 3) + " m" + unit }
        return fixed(x * 1e6, 3) + " µ" + unit
    }

    /// Watts with three decimals: `3.7` → `"3.700 W"`.
    public static func power(_ watts: Double) -> String { fixed(watts, 3) + " W" }

    /// Milliseconds with three decimals, no unit (for table columns headed "ms").
    public static func milliseconds(_ seconds: Double) -> String { fixed(seconds * 1e3, 3) }

    /// `1_500_000` → `"1.50 MB"` (decimal prefixes).
    public static func bytes(_ bytes: Double) -> String {
        let a = abs(bytes)
        if a >= 1e9 { return fixed(bytes / 1e9, 2) + " GB" }
        if a >= 1e6 { return fixed(bytes / 1e6, 2) + " MB" }
        if a >= 1e3 { return fixed(bytes / 1e3, 2) + " kB" }
        return fixed(bytes, 0) + " B"
    }

    /// Bytes per second as megabits per second: `2_360_000` → `"18.88 Mbit/s"`.
    public static func bandwidth(_ bytesPerSecond: Double) -> String {
        fixed(bytesPerSecond * 8 / 1e6, 2) + " Mbit/s"
    }

    /// A count with a G/M/k suffix: `1_814_073_344` → `"1.814 G"`.
    public static func count(_ n: Double) -> String {
        let a = abs(n)
        if a >= 1e9 { return fixed(n / 1e9, 3) + " G" }
        if a >= 1e6 { return fixed(n / 1e6, 3) + " M" }
        if a >= 1e3 { return fixed(n / 1e3, 3) + " k" }
        return fixed(n, 0)
    }

    /// Fixed-point rendering with `digits` decimals, without Foundation's locale handling.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        let negative = x < 0 && scaled != 0
        guard scaled < 9.0e18 else { return "\(x)" }
        let n = UInt64(scaled)
        let intPart = n / UInt64(scale)
        var s = (negative ? "-" : "") + String(intPart)
        if digits > 0 {
            let frac = String(n % UInt64(scale))
            s += "." + String(repeating: "0", count: digits - frac.count) + frac
        }
        return s
    }
}
