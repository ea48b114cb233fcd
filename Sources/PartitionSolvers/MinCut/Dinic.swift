/// Dinic's maximum-flow algorithm: BFS levels, then blocking flows by DFS.
///
/// Kept deliberately plain and independent of ``BoykovKolmogorov`` (its own
/// arc arrays, explicit source and sink arcs, no netting, no merging) so the
/// two can cross-check each other in tests.
///
/// Source: E. A. Dinic, "Algorithm for solution of a problem of maximum flow
/// in networks with power estimation", Soviet Math. Doklady 11, 1970.
///
/// - Complexity: O(V²·E); O(E·√V) on unit-capacity networks. The DFS is
///   iterative, so deep graphs (long chains) do not exhaust the stack.
enum Dinic {
    static func solve(_ net: FlowNetwork) -> MaxFlowResult {
        let buildStart = ContinuousClock.now
        let n = net.vertexCount, s = net.source, t = net.sink
        let m = net.arcCount
        // Arc 2k is the k-th input arc, 2k+1 its reverse.
        var degree = [Int](repeating: 0, count: n + 1)
        for k in 0..<m {
            degree[Int(net.tails[k]) + 1] += 1
            degree[Int(net.heads[k]) + 1] += 1
        }
        for v in 0..<n { degree[v + 1] += degree[v] }
        let first = degree
        var fill = first
        var to = [Int](repeating: 0, count: 2 * m)
        var cap = [Int64](repeating: 0, count: 2 * m)
        var rev = [Int](repeating: 0, count: 2 * m)
        for k in 0..<m {
            let u = Int(net.tails[k]), v = Int(net.heads[k])
            let a = fill[u]; fill[u] += 1
            let b = fill[v]; fill[v] += 1
            to[a] = v; cap[a] = net.capacities[k]; rev[a] = b
            to[b] = u; cap[b] = 0; rev[b] = a
        }
        let buildSeconds = secondsSince(buildStart)
        let solveStart = ContinuousClock.now

        var flow: Int64 = 0
        var phases = 0
        var level = [Int](repeating: -1, count: n)
        var iter = [Int](repeating: 0, count: n)
        var queue = [Int](repeating: 0, count: n)
        var pathArcs: [Int] = []
        while true {
            // BFS levels from s.
            for v in 0..<n { level[v] = -1 }
            level[s] = 0
            var qh = 0, qt = 0
            queue[qt] = s; qt += 1
            while qh < qt {
                let v = queue[qh]; qh += 1
                for a in first[v]..<first[v + 1] where cap[a] > 0 && level[to[a]] < 0 {
                    level[to[a]] = level[v] + 1
                    queue[qt] = to[a]; qt += 1
                }
            }
            if level[t] < 0 { break }
            phases += 1
            for v in 0..<n { iter[v] = first[v] }
            // Blocking flow: iterative DFS along admissible arcs, retreating from dead ends.
            var v = s
            pathArcs.removeAll(keepingCapacity: true)
            while true {
                if v == t {
                    var b = Int64.max
                    for a in pathArcs { b = min(b, cap[a]) }
                    for a in pathArcs {
                        cap[a] -= b
                        cap[rev[a]] += b
                    }
                    flow += b
                    // Restart from the tail of the first saturated arc.
                    if let k = pathArcs.firstIndex(where: { cap[$0] == 0 }) {
                        v = to[rev[pathArcs[k]]]
                        pathArcs.removeSubrange(k...)
                    }
                    continue
                }
                var advanced = false
                while iter[v] < first[v + 1] {
                    let a = iter[v]
                    if cap[a] > 0 && level[to[a]] == level[v] + 1 {
                        pathArcs.append(a)
                        v = to[a]
                        advanced = true
                        break
                    }
                    iter[v] += 1
                }
                if advanced { continue }
                // Dead end: retreat.
                if v == s { break }
                level[v] = -1
                let a = pathArcs.removeLast()
                v = to[rev[a]]
                iter[v] += 1
            }
        }
        // Smallest source side: reachable from s in the residual network.
        var side = [Bool](repeating: false, count: n)
        side[s] = true
        var stack = [s]
        while let v = stack.popLast() {
            for a in first[v]..<first[v + 1] where cap[a] > 0 && !side[to[a]] {
                side[to[a]] = true
                stack.append(to[a])
            }
        }
        return MaxFlowResult(flow: flow, sourceSide: side, buildSeconds: buildSeconds,
                             solveSeconds: secondsSince(solveStart), iterations: phases)
    }
}
