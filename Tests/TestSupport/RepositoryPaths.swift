import PartitionModel

/// Paths inside the repository, found from this source file's location.
public enum RepositoryPaths {
    /// The package root (the folder holding Package.swift).
    public static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(3)  // Tests/TestSupport/RepositoryPaths.swift
        return parts.joined(separator: "/")
    }()

    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// Every `.json` instance file under `instances/` except the manifest, relative to `instances/`.
    public static func instanceFiles() -> [String] {
        let out = Shell.run(["/usr/bin/find", path("instances"), "-name", "*.json", "-not", "-name", "MANIFEST.json"])
        return out.stdout.split(separator: "\n").map { String($0.dropFirst(path("instances").count + 1)) }.sorted()
    }

    /// The manifest of known optima.
    public static func manifest() throws -> JSONValue {
        try JSONCursor.load(file: path("instances/MANIFEST.json")).value
    }
}
