/// Seconds elapsed since `start`, for solver statistics and benchmarks.
@inline(__always)
public func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
