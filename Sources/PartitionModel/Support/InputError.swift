/// A problem with a file the user gave us: which file, where in it, and why.
///
/// Every reader in the package reports bad input this way; the CLI prints
/// ``description`` and exits with code 2.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The file as the user named it (or `"<input>"` for in-memory text).
    public var file: String
    /// Where in the file: a JSON path such as `$.model.layers[3].inputs[0]`,
    /// or `line 12` for line-oriented formats.
    public var path: String
    /// What is wrong, in words.
    public var reason: String

    /// An error in `file` at JSON path `path`, for `reason`.
    public init(file: String, path: String, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    /// "file: path: reason".
    public var description: String { "\(file): \(path): \(reason)" }
}
