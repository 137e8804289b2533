import FundusCore

/// One TSV field, escaped reversibly (README, "TSV"): backslash, tab, line
/// feed and carriage return as `\\`, `\t`, `\n`, `\r`; every other control
/// (C0, DEL, C1, bidi controls, U+2028, U+2029) as `\u{hex}`. A row is then
/// one line of fields split at raw tabs, nothing in it drives a terminal,
/// and a script gets back every id exactly by undoing the escapes.
public enum TSVText {
    public static func field(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case _ where needsEscape(scalar):
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || scalar.value == 0x2028 || scalar.value == 0x2029 || TerminalSafe.isUnsafe(scalar)
    }
}
