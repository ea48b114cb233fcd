/// Lloyd's k-means with k-means++ seeding.
///
/// Source: D. Arthur, S. Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007.
///
/// - Complexity: O(restarts · iterations · points · k · dims).
public enum KMeans {
    /// The cluster (0..<k) of every point: the best of `restarts` seeded runs by within-cluster squared distance.
    public static func cluster<G: RandomNumberGenerator>(_ points: [[Double]], k: Int, restarts: Int = 5, maxIterations: Int = 100,
                                                         using rng: inout G) -> [Int] {
        precondition(k >= 1 && k <= points.count)
        func d2(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        var bestLabels: [Int] = [], bestInertia = Double.infinity
        for _ in 0..<max(1, restarts) {
            var centers = [points[Int.random(in: 0..<points.count, using: &rng)]]
            while centers.count < k {
                let dist = points.map { p in centers.map { d2(p, $0) }.min()! }
                let total = dist.reduce(0, +)
                if total == 0 { centers.append(points[Int.random(in: 0..<points.count, using: &rng)]); continue }
                var x = Double.random(in: 0..<total, using: &rng)
                var pick = points.count - 1
                for (i, d) in dist.enumerated() { x -= d; if x < 0 { pick = i; break } }
                centers.append(points[pick])
            }
            var labels = [Int](repeating: -1, count: points.count)
            for _ in 0..<maxIterations {
                var changed = false
                for (i, p) in points.enumerated() {
                    let l = centers.indices.min { d2(p, centers[$0]) < d2(p, centers[$1]) }!
                    if l != labels[i] { labels[i] = l; changed = true }
                }
                if !changed { break }
                for g in 0..<k {
                    let members = points.indices.filter { labels[$0] == g }
                    if members.isEmpty { continue }
                    centers[g] = (0..<points[0].count).map { dim in members.reduce(0.0) { $0 + points[$1][dim] } / Double(members.count) }
                }
            }
            let inertia = points.indices.reduce(0.0) { $0 + d2(points[$1], centers[labels[$1]]) }
            if inertia < bestInertia { (bestInertia, bestLabels) = (inertia, labels) }
        }
        return bestLabels
    }
}
