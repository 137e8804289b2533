import Foundation

/// Fixed-point decimals ("12.3457") without Foundation's `String(format:)`,
/// which parses its format and sets up a locale on every call: a tenth of a
/// one-shot search's own work went there.
enum DecimalText {
    /// `d` rounded to `digits` places, like C's "%.*f" for the values we
    /// print (scores, seconds); more than 6 places, huge or odd values go to
    /// C's own.
    static func fixed(_ d: Double, digits: Int) -> String {
        guard (0...6).contains(digits) else { return cFormat(d, digits: max(digits, 0)) }
        let scale = [1.0, 10, 100, 1_000, 10_000, 100_000, 1_000_000][digits]
        guard d.isFinite, abs(d) * scale < 1e15 else { return cFormat(d, digits: digits) }
        // C rounds the exact binary value, ties to even. `x * scale` is
        // rounded itself; its exact error (a fused multiply-add) only decides
        // when the product lands on a half.
        let x = abs(d), product = x * scale
        let error = (-product).addingProduct(x, scale)
        var whole = product.rounded(.down)
        let fraction = product - whole
        if fraction > 0.5 || fraction == 0.5 && (error > 0 || error == 0 && whole.truncatingRemainder(dividingBy: 2) == 1) {
            whole += 1
        }
        let scaled = UInt64(whole), unit = UInt64(scale)
        let sign = d.sign == .minus ? "-" : ""
        guard digits > 0 else { return sign + String(scaled) }
        let decimals = String(scaled % unit)
        return sign + String(scaled / unit) + "." + String(repeating: "0", count: digits - decimals.count) + decimals
    }

    private static func cFormat(_ d: Double, digits: Int) -> String { String(format: "%.\(digits)f", d) }
}
