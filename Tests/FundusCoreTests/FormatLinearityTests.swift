import Foundation
import XCTest

@testable import FundusCore

/// Each document format's extraction costs time in proportion to the
/// document (see `assertLinear`): long pages, long paragraphs, many
/// messages, long encoded bodies.
final class FormatLinearityTests: XCTestCase {
    static let sentence = "Der Wanderweg führt am Bachufer entlang bis zur alten Mühle, dort beginnt der Aufstieg. "

    static func repeated(_ piece: String, _ n: Int) -> String {
        String(repeating: piece, count: max(1, n / max(1, piece.count)))
    }

    func extract(_ path: String, _ data: Data) {
        guard case .success(let extraction) = Formats.extract(path: path, data: data, fallbackToText: false) else {
            return XCTFail("\(path) not read")
        }
        XCTAssertFalse(extraction.documents.isEmpty)
    }

    func testHTMLWithManyParagraphs() {
        assertLinear("HTML paragraphs", start: 100_000) { n in
            let page = "<html><head><title>Wege</title></head><body>" + Self.repeated("<p>\(Self.sentence)</p>\n", n) + "</body></html>"
            let data = Data(page.utf8)
            return { self.extract("/wege.html", data) }
        }
    }

    func testHTMLOfOneHugeParagraphInLatin1() {
        assertLinear("HTML, one paragraph, Latin-1", start: 100_000) { n in
            let page = "<html><meta charset=iso-8859-1><body><p>" + Self.repeated(Self.sentence + "&auml; ", n) + "</p></body></html>"
            let data = page.data(using: .isoLatin1)!
            return { self.extract("/weg.html", data) }
        }
    }

    func testMarkdown() {
        assertLinear("Markdown", start: 50_000) { n in
            let note = "# Wege\n\n" + Self.repeated("## Abschnitt\n\n\(Self.sentence)**fett** [Verweis](http://x) `Code`\n\n- eins\n- zwei\n\n", n)
            let data = Data(note.utf8)
            return { self.extract("/wege.md", data) }
        }
    }

    func testMailboxOfManyMessages() {
        assertLinear("mbox messages", start: 100_000) { n in
            let message = "From a@example.org Tue Dec  3 09:15:00 2024\nFrom: Anna <a@example.org>\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\n"
                + "Content-Type: text/plain; charset=utf-8\n\n\(Self.sentence)\n>From hier.\n\n"
            let data = Data(Self.repeated(message, n).utf8)
            return { self.extract("/post.mbox", data) }
        }
    }

    func testMailWithLongQuotedPrintableAndBase64Parts() {
        assertLinear("mail parts", start: 100_000) { n in
            let qp = Self.repeated("Der K=C3=A4sekuchen war k=C3=B6stlich, die Torte =\nauch. ", n / 2)
            let base64 = Data(Self.repeated(Self.sentence, n / 2).utf8).base64EncodedString(options: .lineLength76Characters)
            let mail = "From: a@example.org\nSubject: Test\nContent-Type: multipart/mixed; boundary=G\n\n--G\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n\(qp)\n--G\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\(base64)\n--G--\n"
            let data = Data(mail.utf8)
            return { self.extract("/brief.eml", data) }
        }
    }

    func testWordXML() {
        assertLinear("Word XML", start: 100_000) { n in
            let xml = "<?xml version=\"1.0\"?><w:document xmlns:w=\"urn:w\"><w:body>"
                + Self.repeated("<w:p><w:r><w:t>\(Self.sentence)</w:t></w:r><w:r><w:tab/><w:t>mehr</w:t></w:r></w:p>", n)
                + "</w:body></w:document>"
            let bytes = Array(xml.utf8)
            return { XCTAssertFalse(try! OfficeXMLText.word.paragraphs(bytes, part: "word/document.xml").isEmpty) }
        }
    }
}

extension FormatLinearityTests {
    func testHTMLTableRowOfManyCells() {
        assertLinear("HTML table row", start: 100_000) { n in
            let page = "<html><body><table><tr>" + Self.repeated("<td>Mühle</td>", n) + "</tr></table></body></html>"
            let data = Data(page.utf8)
            return { self.extract("/tabelle.html", data) }
        }
    }

    func testSubjectFullOfBrokenEncodedWords() {
        assertLinear("subject of stray =?", start: 20_000) { n in
            let mail = "Subject: " + Self.repeated("=?utf-8?Q?kaputt ", n) + "\nFrom: a@example.org\n\nText.\n"
            let data = Data(mail.utf8)
            return { self.extract("/kaputt.eml", data) }
        }
    }
}
