/// A residual network in compressed (CSR) form, shared by the max-flow engines' build step.
///
/// Arcs touching the source or the sink become *terminal capacities* of
/// their other endpoint (`sourceCapacity`, `sinkCapacity`); an arc straight
/// from the source to the sink is counted in `directFlow`; arcs into the
/// source or out of the sink are dropped (they cannot carry s–t flow).
/// Every other arc, and its reverse, is merged with its parallel arcs into
/// one pair of sister arcs, so a forward arc and its reverse (a DNN edge and
/// its closure arc) share a pair.
///
/// - Complexity: O(V + E) (two counting-sort passes).
struct ResidualGraph {
    let vertexCount: Int
    /// Arcs of vertex v are `first[v] ..< first[v + 1]`.
    var first: [Int]
    var head: [Int32]
    var sister: [Int32]
    /// Residual capacity of each arc.
    var residual: [Int64]
    var sourceCapacity: [Int64]
    var sinkCapacity: [Int64]
    var directFlow: Int64

    init(_ net: FlowNetwork) {
        let n = net.vertexCount, s = net.source, t = net.sink
        var sourceCap = [Int64](repeating: 0, count: n)
        var sinkCap = [Int64](repeating: 0, count: n)
        var direct: Int64 = 0
        var lo: [Int32] = [], hi: [Int32] = [], forward: [Int64] = [], backward: [Int64] = []
        lo.reserveCapacity(net.arcCount); hi.reserveCapacity(net.arcCount)
        forward.reserveCapacity(net.arcCount); backward.reserveCapacity(net.arcCount)
        for a in 0..<net.arcCount {
            let u = Int(net.tails[a]), v = Int(net.heads[a]), c = net.capacities[a]
            if c == 0 || u == v || v == s || u == t { continue }
            if u == s {
                if v == t { direct = direct.saturatingAdd(c) } else { sourceCap[v] = sourceCap[v].saturatingAdd(c) }
                continue
            }
            if v == t {
                sinkCap[u] = sinkCap[u].saturatingAdd(c)
                continue
            }
            if u < v {
                lo.append(Int32(u)); hi.append(Int32(v)); forward.append(c); backward.append(0)
            } else {
                lo.append(Int32(v)); hi.append(Int32(u)); forward.append(0); backward.append(c)
            }
        }
        // Sort arc indices by (lo, hi): counting sort by hi, then a stable counting sort by lo.
        let m = lo.count
        func countingSort(_ keys: [Int32], _ order: [Int]) -> [Int] {
            var count = [Int](repeating: 0, count: n + 1)
            for k in keys { count[Int(k) + 1] += 1 }
            for v in 0..<n { count[v + 1] += count[v] }
            var out = [Int](repeating: 0, count: order.count)
            for a in order {
                let k = Int(keys[a])
                out[count[k]] = a
                count[k] += 1
            }
            return out
        }
        let order = countingSort(lo, countingSort(hi, Array(0..<m)))
        // Merge parallel arcs into pairs.
        var pairLo: [Int32] = [], pairHi: [Int32] = [], pairF: [Int64] = [], pairB: [Int64] = []
        pairLo.reserveCapacity(m); pairHi.reserveCapacity(m); pairF.reserveCapacity(m); pairB.reserveCapacity(m)
        for a in order {
            if let l = pairLo.last, l == lo[a], pairHi.last! == hi[a] {
                pairF[pairF.count - 1] = pairF[pairF.count - 1].saturatingAdd(forward[a])
                pairB[pairB.count - 1] = pairB[pairB.count - 1].saturatingAdd(backward[a])
            } else {
                pairLo.append(lo[a]); pairHi.append(hi[a]); pairF.append(forward[a]); pairB.append(backward[a])
            }
        }
        // CSR with sister arcs.
        var first = [Int](repeating: 0, count: n + 1)
        for p in pairLo.indices {
            first[Int(pairLo[p]) + 1] += 1
            first[Int(pairHi[p]) + 1] += 1
        }
        for v in 0..<n { first[v + 1] += first[v] }
        var fill = first
        let arcs = 2 * pairLo.count
        var head = [Int32](repeating: 0, count: arcs)
        var sister = [Int32](repeating: 0, count: arcs)
        var residual = [Int64](repeating: 0, count: arcs)
        for p in pairLo.indices {
            let u = Int(pairLo[p]), v = Int(pairHi[p])
            let a = fill[u], b = fill[v]
            fill[u] += 1; fill[v] += 1
            head[a] = Int32(v); residual[a] = pairF[p]; sister[a] = Int32(b)
            head[b] = Int32(u); residual[b] = pairB[p]; sister[b] = Int32(a)
        }
        self.vertexCount = n
        self.first = first
        self.head = head
        self.sister = sister
        self.residual = residual
        self.sourceCapacity = sourceCap
        self.sinkCapacity = sinkCap
        self.directFlow = direct
    }
}
