import Xapian

/// Fundus's version, said in one place for both tools' `--version`.
public enum FundusVersion {
    public static let number = "0.6.0"

    /// `fundus-search 0.6.0 (Xapian 1.4.22)`: the library matters as much as
    /// the program when a bug report comes in.
    public static func line(tool: String) -> String { "\(tool) \(number) (Xapian \(xapianVersion))" }
}
