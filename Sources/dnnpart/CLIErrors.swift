import ArgumentParser
import PartitionModel
import PartitionSolvers
import ModelZoo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandleStderr.write(message + "\n")
}

/// Runs `body`; a ``PartitionError`` (bad file, field or value), an unknown solver or an I/O failure
/// is printed and becomes exit code 2.
func withInputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as PartitionError {
        printError("error: \(e.description)")
        throw ExitCode(ExitStatus.badInput)
    } catch let e as FileBytes.IOError {
        printError("error: \(e.description)")
        throw ExitCode(ExitStatus.badInput)
    }
}

/// The exit codes of every command; README and `dnnpart --help` give the same table.
enum ExitStatus {
    /// Success: the plan, the report or the file was produced.
    static let success: Int32 = 0
    /// `verify`: the plan is infeasible; `solve`: the problem has no feasible plan.
    static let infeasible: Int32 = 1
    /// Bad input: a file, or a name or value given on the command line, that cannot be read or does not fit.
    static let badInput: Int32 = 2
    /// The solver failed, or stopped at its time limit before it found a plan.
    static let solverFailure: Int32 = 3
    /// Usage: an unknown option, a missing argument, or a number outside its documented range.
    static let usage: Int32 = 64
}

/// Reports a solve that came back without a plan and returns the exit code to throw:
/// 1 when the problem has no feasible plan, 3 when the solver failed or ran out of time first.
func noPlanExit(solver: String, status: SolveStatus, message: String?, bound: Double?, json: Bool) -> ExitCode {
    if json {
        var p: [(key: String, value: JSONValue)] = [("solver", .string(solver)), ("status", .string(status.rawValue)), ("objective", .null)]
        if let m = message { p.append(("message", .string(m))) }
        p.append(("bound", JSONValue.finite(bound)))
        printJSON(.object(p))
    } else {
        print("solver \(solver): \(status.rawValue)\(message.map { ": " + $0 } ?? "")")
    }
    return ExitCode(status == .infeasible ? ExitStatus.infeasible : ExitStatus.solverFailure)
}

/// A violation as `{"kind", "message"}`.
func violationJSON(_ v: Violation) -> JSONValue { .object([("kind", .string(v.kind)), ("message", .string(v.message))]) }

/// Prints a comparison as `{"instance", "problem", "rows": [...]}`.
func printCompareJSON(instance: String, problem: String, rows: [JSONValue]) {
    printJSON(.object([("instance", .string(instance)), ("problem", .string(problem)), ("rows", .array(rows))]))
}

/// Prints JSON to standard output.
func printJSON(_ value: JSONValue) {
    print(value.serialized(), terminator: "")
}

/// The problems the tier-assignment commands accept.
extension ProblemKind: ExpressibleByArgument {}

/// Standard error without touching the C global `stderr` (not concurrency-safe in Swift 6).
enum FileHandleStderr {
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        #if canImport(Glibc)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
        #elseif canImport(Darwin)
        _ = bytes.withUnsafeBytes { Darwin.write(2, $0.baseAddress, $0.count) }
        #endif
    }
}
