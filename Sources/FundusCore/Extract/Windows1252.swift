import Foundation

/// Decodes Windows-1252 (the Western European Windows code page, a superset
/// of the printable part of Latin-1), for text files that are not UTF-8.
///
/// Only bytes that look like text are accepted: the five bytes the code page
/// leaves undefined (81 8D 8F 90 9D), C0 control characters other than tab,
/// line feed, form feed and carriage return, DEL, a UTF-16 byte order mark
/// (FF FE or FE FF, "ÿþ", anywhere: no language writes that), and more than
/// a quarter of non-ASCII bytes in 64 or more (German has a few percent)
/// make the data "not text", so that a binary file is skipped rather than
/// indexed as garbage.
enum Windows1252 {
    /// U+0080 … U+009F as Windows-1252 maps bytes 80–9F; 0 where undefined.
    private static let high: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    static func decode(_ data: Data) -> String? {
        var previous: UInt8 = 0
        var nonASCII = 0
        for byte in data {
            if (previous == 0xFF && byte == 0xFE) || (previous == 0xFE && byte == 0xFF) { return nil }  // UTF-16
            if byte >= 0x80 { nonASCII += 1 }
            previous = byte
        }
        if data.count >= 64 && nonASCII * 4 > data.count { return nil }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(data.count)
        for byte in data {
            let value: UInt32
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x20...0x7E, 0xA0...0xFF:
                value = UInt32(byte)
            case 0x80...0x9F:
                let mapped = high[Int(byte - 0x80)]
                guard mapped != 0 else { return nil }
                value = UInt32(mapped)
            default:
                return nil
            }
            guard let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
