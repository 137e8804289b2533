import Foundation
import FundusCore

/// Colours for text output, or none. Colour is used only on a terminal, and
/// never when NO_COLOR is set (unless forced with --color always).
public struct TextStyle: Sendable {
    public enum Choice: String, CaseIterable, Sendable { case auto, always, never }

    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static func resolve(_ choice: Choice, isTerminal: Bool,
                               environment: [String: String] = Environment.subset("NO_COLOR", "TERM")) -> TextStyle {
        switch choice {
        case .always: return TextStyle(enabled: true)
        case .never: return TextStyle(enabled: false)
        case .auto:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            let dumb = environment["TERM"] == "dumb"
            return TextStyle(enabled: isTerminal && !noColor && !dumb)
        }
    }

    func paint(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func location(_ s: String) -> String { paint(s, "35") }      // magenta, like rg's paths
    func title(_ s: String) -> String { paint(s, "1") }          // bold
    func dim(_ s: String) -> String { paint(s, "2") }
    func match(_ s: String) -> String { paint(s, "1;31") }       // bold red, like rg's matches
}
