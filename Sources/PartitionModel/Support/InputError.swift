/// The one error type of the package's readers and solvers: which file, where in it, and why.
///
/// A problem with a file the user gave names the file and the place (a JSON path such as
/// `$.model.layers[3].inputs[0]`, or `line 12` for line-oriented formats); a problem that is not
/// about a file (a solver refusing an instance, an unknown preset, a block that cannot be tiled)
/// leaves them empty. The CLI prints ``description`` and exits with code 2. The names the modules
/// used before (`InputError`, `SolverInputError`, `PresetError`, `ConvBlock.BlockError`, …) are
/// aliases of this type.
public struct PartitionError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file as the user named it (`"<input>"` for in-memory text; empty when not about a file).
    public var file: String
    /// Where in the file (empty when not about a place in a file).
    public var path: String
    /// What is wrong, in words.
    public var reason: String

    /// An error in `file` at `path`, for `reason`.
    public init(file: String, path: String, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    /// An error that is not about a file.
    public init(_ reason: String) { self.init(file: "", path: "", reason: reason) }

    /// An error that is not about a file.
    public init(reason: String) { self.init(reason) }

    /// "file: path: reason", leaving out the empty parts.
    public var description: String {
        [file, path].filter { !$0.isEmpty }.map { $0 + ": " }.joined() + reason
    }
}

/// A problem with a file the user gave (``PartitionError`` with its file and place).
public typealias InputError = PartitionError
