/// Makes document text safe to write to a terminal: escape sequences,
/// carriage returns, bidi overrides and other controls in a document could
/// otherwise move the cursor, rewrite earlier lines or reorder what is shown.
/// They are replaced by visible stand-ins.
///
/// In FundusCore, not FundusOutput, because both tools need it: every message
/// on standard error and every `--log` line goes through `line` on its way
/// out (`StandardStreams`, `RunLog`), whatever document, id, file name or
/// query it quotes.
public enum TerminalSafe {
    /// `clean`, for text that must stay on one line (line breaks shown as ␊).
    public static func line(_ s: String) -> String { clean(s) }

    public static func clean(_ s: Substring) -> String {
        guard s.unicodeScalars.contains(where: isUnsafe) else { return String(s) }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if !isUnsafe(scalar) {
                out.append(scalar)
            } else if scalar.value < 0x20 {
                // U+2400 block: ␛ for ESC, ␍ for CR, …
                out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else if scalar.value == 0x7F {
                out.append("\u{2421}")
            } else {
                out.append("\u{FFFD}")
            }
        }
        return String(out)
    }

    public static func clean(_ s: String) -> String { clean(s[...]) }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi controls
        default: return false
        }
    }
}
