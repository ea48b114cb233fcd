import Foundation
import PartitionModel

/// What the importer knows about one tensor of an ONNX graph: its shape, element type, whether
/// it carries data from the model's input, and, for small constants, its values.
struct TensorFacts: Sendable {
    /// Dimensions, batch included (`[]` for a scalar).
    var shape: [Int]
    /// The ONNX element type (`TensorProto.DataType` number).
    var elementType: Int32
    /// True when the tensor depends on the model's input (a layer produces it); false for
    /// weights, constants and shape arithmetic.
    var isData: Bool
    /// The values of a small constant (at most ``TensorFacts/maxFoldedElements``), for folding shapes.
    var values: [Double]?
    /// The weight this constant stands for (an initializer, a Constant, or a copy of one in
    /// another layout), for counting parameters once per weight.
    var source: String?
    /// Elements of that weight (a Gather of an embedding table stands for the whole table).
    var sourceElements: Double = 0

    /// Constants larger than this are not folded (shape arithmetic is tiny).
    static let maxFoldedElements = 1 << 16

    /// Elements of the tensor, as a Double (shapes are range-checked, the product may be large).
    var elements: Double { shape.reduce(1.0) { $0 * Double($1) } }

    /// Bytes of the tensor.
    var bytes: Double { elements * ONNXElementType.bytes(elementType) }

    /// The values as integers (nil unless every value is an integer).
    var integers: [Int]? {
        guard let v = values, v.allSatisfy({ $0 == $0.rounded() }) else { return nil }
        // INT64_MAX and INT64_MIN are exporters' "to the end" markers: clamped, they stay beyond any dimension.
        return v.map { Int(min(max($0, -0x1p62), 0x1p62)) }
    }
}

/// ONNX element types: sizes and names.
enum ONNXElementType {
    static let float: Int32 = 1, int64: Int32 = 7, int32: Int32 = 6, bool: Int32 = 9, double: Int32 = 11, float16: Int32 = 10, bfloat16: Int32 = 16

    /// Bytes per element (4-bit types count half a byte; strings count 8, a pointer's size).
    static func bytes(_ t: Int32) -> Double {
        switch t {
        case 2, 3, 9, 17, 18, 19, 20: return 1    // uint8, int8, bool, float8 variants
        case 4, 5, 10, 16: return 2               // uint16, int16, float16, bfloat16
        case 1, 6, 12: return 4                   // float, int32, uint32
        case 7, 11, 13, 14, 8: return 8           // int64, double, uint64, complex64, string
        case 15: return 16                        // complex128
        case 21, 22, 23: return 0.5               // uint4, int4, float4e2m1
        default: return 4
        }
    }

    /// Whether values of this type are floating point (weights rather than indices or shapes).
    static func isFloating(_ t: Int32) -> Bool { [1, 10, 11, 16, 17, 18, 19, 20, 23].contains(t) }
}

extension Onnx_TensorProto {
    /// Dimensions checked against the package's limits; `what` names the tensor in errors.
    func checkedDims(_ what: String) throws(PartitionError) -> [Int] {
        try ShapeMath.checked(dims.map { Double($0) }, what)
    }

    /// The tensor's facts; values are read only for small tensors stored in the file (never
    /// from external data, which need not exist).
    func facts(_ what: String) throws(PartitionError) -> TensorFacts {
        let shape = try checkedDims(what)
        var f = TensorFacts(shape: shape, elementType: dataType, isData: false, values: nil, source: name.isEmpty ? nil : name)
        let n = f.elements
        f.sourceElements = n
        guard n <= Double(TensorFacts.maxFoldedElements), dataLocation != .external else { return f }
        f.values = decodedValues(count: Int(n))
        return f
    }

    /// The values from the typed fields or raw little-endian bytes, when their count matches.
    private func decodedValues(count n: Int) -> [Double]? {
        var v: [Double]
        if !int64Data.isEmpty { v = int64Data.map { Double($0) } }
        else if !floatData.isEmpty { v = floatData.map { Double($0) } }
        else if !int32Data.isEmpty { v = int32Data.map { Double($0) } }
        else if !doubleData.isEmpty { v = doubleData }
        else if !uint64Data.isEmpty { v = uint64Data.map { Double($0) } }
        else if hasRawData { v = Self.decodeRaw([UInt8](rawData), type: dataType) ?? [] }
        else { v = [] }
        return v.count == n ? v : nil
    }

    /// Little-endian raw bytes of the common element types as Doubles.
    static func decodeRaw(_ b: [UInt8], type: Int32) -> [Double]? {
        func words(_ size: Int) -> [UInt64]? {
            guard b.count % size == 0 else { return nil }
            return stride(from: 0, to: b.count, by: size).map { i in (0..<size).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) } }
        }
        switch type {
        case ONNXElementType.int64: return words(8)?.map { Double(Int64(bitPattern: $0)) }
        case ONNXElementType.int32: return words(4)?.map { Double(Int32(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case ONNXElementType.float: return words(4)?.map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case ONNXElementType.double: return words(8)?.map { Double(bitPattern: $0) }
        case ONNXElementType.bool, 2: return b.map { Double($0) }
        case 3: return b.map { Double(Int8(bitPattern: $0)) }
        default: return nil
        }
    }
}

/// Shape arithmetic with the package's limits: every dimension ≤ 2^31 and every tensor ≤ 2^53 elements.
enum ShapeMath {
    /// `dims` as integers, or an error naming `what` when a dimension is negative, too large or the product exceeds the limit.
    static func checked(_ dims: [Double], _ what: String) throws(PartitionError) -> [Int] {
        var product = 1.0
        for d in dims {
            guard d.isFinite, d >= 0, d <= Double(InputLimits.maxDimension) else {
                throw PartitionError("\(what): dimension \(d) is outside 0…\(InputLimits.maxDimension)")
            }
            product *= d
        }
        guard product <= Double(InputLimits.maxElements) else {
            throw PartitionError("\(what): \(product) elements, above the limit 2^53")
        }
        return dims.map { Int($0) }
    }

    /// Numpy broadcasting of several shapes.
    static func broadcast(_ shapes: [[Int]], _ what: String) throws(PartitionError) -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var out = [Int](repeating: 1, count: rank)
        for s in shapes {
            for (i, d) in s.enumerated() {
                let k = rank - s.count + i
                if d == out[k] || d == 1 { continue }
                guard out[k] == 1 else {
                    throw PartitionError("\(what): shapes \(shapes.map { "\($0)" }.joined(separator: " and ")) do not broadcast")
                }
                out[k] = d
            }
        }
        return out
    }

    /// An axis in -rank..<rank made non-negative.
    static func axis(_ a: Int, rank: Int, _ what: String) throws(PartitionError) -> Int {
        let k = a < 0 ? a + rank : a
        guard k >= 0, k < max(rank, 1) else { throw PartitionError("\(what): axis \(a) is outside a rank-\(rank) tensor") }
        return k
    }
}
