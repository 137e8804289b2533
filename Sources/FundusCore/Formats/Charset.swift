import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Text in a declared charset (an HTML meta tag, a MIME part's
/// `charset=`) to a String. UTF-8 and the Latin-1 family are decoded here;
/// any other charset glibc knows goes through iconv.
enum Charset {
    /// The text, or nil when the charset is unknown or the bytes are not
    /// in it. Latin-1, ASCII and Windows-1252 are read as Windows-1252, as
    /// browsers do (mail and web pages that say Latin-1 mean it).
    static func decode(_ bytes: [UInt8], charset: String) -> String? {
        let name = charset.lowercased().trimmingCharacters(in: .whitespaces)
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            return String(validating: bytes, as: UTF8.self)
        case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252",
             "x-cp1252", "iso_8859-1", "cp819", "ibm819":
            // Strict first (it refuses binary); a page that says Latin-1
            // and holds control characters is still Latin-1.
            return Windows1252.decode(Data(bytes)) ?? iconv(bytes, from: "ISO-8859-1")
        default:
            return iconv(bytes, from: name)
        }
    }

    /// Decodes with a declared charset if there is one, else as UTF-8, else
    /// as Windows-1252, else as UTF-8 with replacement characters; never nil.
    static func decodeLeniently(_ bytes: [UInt8], charset: String?) -> String {
        if let charset, let text = decode(bytes, charset: charset) { return text }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let text = Windows1252.decode(Data(bytes)) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func iconv(_ bytes: [UInt8], from charset: String) -> String? {
        // Only names of letters, digits, '-', '_', ':' and '.': never a path
        // or an option glibc might read as one.
        guard !charset.isEmpty, charset.utf8.count < 40,
              charset.utf8.allSatisfy({ $0 < 0x80 && (isalnum(Int32($0)) != 0 || "-_:.".utf8.contains($0)) })
        else { return nil }
        let cd = iconv_open("UTF-8", charset)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let ok = input.withUnsafeMutableBufferPointer { inBuffer -> Int? in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int? in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = Glibc.iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1 || inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written = ok else { return nil }
        return String(validating: output[..<written], as: UTF8.self)
    }
}
