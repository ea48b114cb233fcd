/// A variable of a ``MILPModel``: its column, usable in linear expressions (`2 * x + y <= 5`).
public struct Var: Hashable, Sendable {
    /// The column index in the model.
    public let index: Int
    /// The variable at column `index`.
    public init(_ index: Int) { self.index = index }
}

/// Σ coefficient · variable + constant, built with `+`, `-` and `*` (in the spirit of OR-Tools'
/// `LinearExpr`). Terms may repeat a variable; the model merges them when it loads a row.
public struct LinearExpr: Sendable {
    /// The terms, in the order written.
    public var terms: [(variable: Var, coefficient: Double)]
    /// The constant.
    public var constant: Double

    /// Terms and a constant.
    public init(terms: [(variable: Var, coefficient: Double)] = [], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }

    /// One variable with coefficient 1.
    public init(_ v: Var) { self.init(terms: [(v, 1)]) }

    /// The sum of `coefficient · variable` over pairs (zero coefficients kept out).
    public static func sum<S: Sequence>(_ pairs: S) -> LinearExpr where S.Element == (Var, Double) {
        LinearExpr(terms: pairs.filter { $0.1 != 0 }.map { (variable: $0.0, coefficient: $0.1) })
    }

    /// The sum of expressions.
    public static func sum<S: Sequence>(_ exprs: S) -> LinearExpr where S.Element == LinearExpr {
        exprs.reduce(LinearExpr()) { $0 + $1 }
    }

    public static func + (a: LinearExpr, b: LinearExpr) -> LinearExpr {
        LinearExpr(terms: a.terms + b.terms, constant: a.constant + b.constant)
    }
    public static func - (a: LinearExpr, b: LinearExpr) -> LinearExpr { a + (-1) * b }
    public static prefix func - (a: LinearExpr) -> LinearExpr { (-1) * a }
    public static func * (k: Double, a: LinearExpr) -> LinearExpr {
        LinearExpr(terms: a.terms.map { (variable: $0.variable, coefficient: k * $0.coefficient) }, constant: k * a.constant)
    }
    public static func * (a: LinearExpr, k: Double) -> LinearExpr { k * a }
    public static func + (a: LinearExpr, k: Double) -> LinearExpr { a + LinearExpr(constant: k) }
    public static func - (a: LinearExpr, k: Double) -> LinearExpr { a + LinearExpr(constant: -k) }
    public static func += (a: inout LinearExpr, b: LinearExpr) { a = a + b }
    public static func -= (a: inout LinearExpr, b: LinearExpr) { a = a - b }
}

extension Var {
    public static func * (k: Double, v: Var) -> LinearExpr { LinearExpr(terms: [(v, k)]) }
    public static func * (v: Var, k: Double) -> LinearExpr { k * v }
    public static func + (a: Var, b: Var) -> LinearExpr { LinearExpr(a) + LinearExpr(b) }
    public static func - (a: Var, b: Var) -> LinearExpr { LinearExpr(a) - LinearExpr(b) }
    public static func + (a: LinearExpr, v: Var) -> LinearExpr { a + LinearExpr(v) }
    public static func - (a: LinearExpr, v: Var) -> LinearExpr { a - LinearExpr(v) }
    public static func + (v: Var, a: LinearExpr) -> LinearExpr { LinearExpr(v) + a }
    public static func - (v: Var, a: LinearExpr) -> LinearExpr { LinearExpr(v) - a }
    public static prefix func - (v: Var) -> LinearExpr { -1 * v }
}

/// `lower ≤ expression ≤ upper`, made by `<=`, `>=` or `==` between expressions; the constant
/// has been moved to the bounds.
public struct LinearConstraint: Sendable {
    /// The variable part.
    public let terms: [(variable: Var, coefficient: Double)]
    /// The lower bound (nil: none).
    public let lower: Double?
    /// The upper bound (nil: none).
    public let upper: Double?

    static func make(_ difference: LinearExpr, lower: Bool, upper: Bool) -> LinearConstraint {
        // difference = lhs − rhs; the constraint is on difference.terms against −constant.
        LinearConstraint(terms: difference.terms, lower: lower ? -difference.constant : nil, upper: upper ? -difference.constant : nil)
    }
}

public func <= (a: LinearExpr, b: LinearExpr) -> LinearConstraint { .make(a - b, lower: false, upper: true) }
public func >= (a: LinearExpr, b: LinearExpr) -> LinearConstraint { .make(a - b, lower: true, upper: false) }
public func == (a: LinearExpr, b: LinearExpr) -> LinearConstraint { .make(a - b, lower: true, upper: true) }
public func <= (a: LinearExpr, k: Double) -> LinearConstraint { a <= LinearExpr(constant: k) }
public func >= (a: LinearExpr, k: Double) -> LinearConstraint { a >= LinearExpr(constant: k) }
public func == (a: LinearExpr, k: Double) -> LinearConstraint { a == LinearExpr(constant: k) }
public func == (v: Var, k: Double) -> LinearConstraint { LinearExpr(v) == k }
public func <= (v: Var, k: Double) -> LinearConstraint { LinearExpr(v) <= k }
public func >= (v: Var, k: Double) -> LinearConstraint { LinearExpr(v) >= k }
public func <= (a: LinearExpr, v: Var) -> LinearConstraint { a <= LinearExpr(v) }
public func >= (a: LinearExpr, v: Var) -> LinearConstraint { a >= LinearExpr(v) }
public func <= (v: Var, a: LinearExpr) -> LinearConstraint { LinearExpr(v) <= a }
public func >= (v: Var, a: LinearExpr) -> LinearConstraint { LinearExpr(v) >= a }
public func <= (a: Var, b: Var) -> LinearConstraint { LinearExpr(a) <= LinearExpr(b) }
public func >= (a: Var, b: Var) -> LinearConstraint { LinearExpr(a) >= LinearExpr(b) }

extension MILPModel {
    /// Adds a variable and returns it for use in expressions.
    public mutating func variable(_ name: String, lower: Double? = 0, upper: Double? = nil, kind: VariableKind = .continuous,
                                  objective: Double = 0) -> Var {
        Var(addVariable(name, lower: lower, upper: upper, kind: kind, objective: objective))
    }

    /// Adds `constraint` as a row named `name`.
    @discardableResult
    public mutating func add(_ name: String, _ constraint: LinearConstraint) -> Int {
        addRow(name, constraint.terms.map { ($0.variable.index, $0.coefficient) }, lower: constraint.lower, upper: constraint.upper)
    }

    /// Sets the objective to `expression` (coefficients of other variables become 0).
    public mutating func setObjective(_ expression: LinearExpr) {
        for j in variables.indices { setObjective(j, 0) }
        var sums: [Int: Double] = [:]
        for t in expression.terms { sums[t.variable.index, default: 0] += t.coefficient }
        for (j, c) in sums { setObjective(j, c) }
        objectiveConstant = expression.constant
    }
}
