import Foundation
import XCTest

@testable import Xapian

/// Every error path of the shim arrives in Swift as a XapianError with the
/// right code and a readable message, and never as a crash.
final class ShimErrorTests: TemporaryDirectoryTestCase {
    func testMissingDatabaseIsNotFound() {
        XCTAssertThrowsError(try Database(path: path("nothing-here"))) { error in
            let e = error as! XapianError
            XCTAssertEqual(e.code, .databaseNotFound)
            XCTAssertTrue(e.message.contains("nothing-here"), e.message)
        }
    }

    func testFileThatIsNotADatabaseFailsToOpen() throws {
        let file = path("not-a-db")
        try "kein Index".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Database(path: file)) { error in
            let code = (error as! XapianError).code
            XCTAssertTrue([.databaseOpening, .databaseNotFound, .databaseCorrupt].contains(code), "\(code)")
        }
    }

    func testWritableDatabaseInMissingParentFails() {
        XCTAssertThrowsError(try WritableDatabase(path: path("no/such/parent/db"))) { error in
            XCTAssertTrue(error is XapianError)
        }
    }

    func testSecondWriterIsLocked() throws {
        let db = try WritableDatabase(path: path("db"))
        XCTAssertThrowsError(try WritableDatabase(path: path("db"))) { error in
            let e = error as! XapianError
            XCTAssertEqual(e.code, .databaseLocked)
            XCTAssertEqual(e.summary, "database is locked")
        }
        try db.close()
        // Once closed, the lock is free again.
        let again = try WritableDatabase(path: path("db"))
        try again.close()
    }

    func testUnknownStemmerIsInvalidArgument() {
        XCTAssertThrowsError(try Stemmer(language: "klingonisch")) { error in
            let e = error as! XapianError
            XCTAssertEqual(e.code, .invalidArgument)
            XCTAssertTrue(e.message.contains("klingonisch"), e.message)
        }
    }

    func testMalformedQueryIsQueryParserError() {
        XCTAssertThrowsError(try Query.parse("Rakete AND", stemLanguage: "german2")) { error in
            let e = error as! XapianError
            XCTAssertEqual(e.code, .queryParser)
            XCTAssertTrue(e.message.contains("AND"), e.message)
        }
    }

    func testReadingPostingsAfterCloseFails() throws {
        let db = try WritableDatabase(path: path("db"))
        try db.close()
        XCTAssertThrowsError(try db.documentsHolding(["Ia"], words: [[[["Zraket"]]]])) { error in
            XCTAssertEqual((error as? XapianError)?.code, .database, "\(error)")
        }
    }

    func testPositionsOfAMissingDocumentFail() throws {
        let db = try WritableDatabase(path: path("db"))
        XCTAssertThrowsError(try db.positions(holding: ["Zraket"], inDocument: 42, count: 3)) { error in
            XCTAssertEqual((error as? XapianError)?.code, .documentNotFound, "\(error)")
        }
    }

    func testLengthOfAMissingDocumentFails() throws {
        let db = try WritableDatabase(path: path("db"))
        XCTAssertThrowsError(try db.documentLengths([42])) { error in
            XCTAssertEqual((error as? XapianError)?.code, .documentNotFound, "\(error)")
        }
    }

    func testWritingAfterCloseFails() throws {
        let db = try WritableDatabase(path: path("db"))
        try db.close()
        XCTAssertThrowsError(try db.addDocument(try Document())) { error in
            XCTAssertTrue(error is XapianError)
        }
        XCTAssertThrowsError(try db.removeSpelling("rakete")) { error in
            XCTAssertTrue(error is XapianError)
        }
    }

    func testEveryExceptionKindIsConverted() {
        let expected: [(String, XapianError.Code)] = [
            ("lock", .databaseLocked), ("opening", .databaseOpening), ("not-found", .databaseNotFound),
            ("modified", .databaseModified), ("corrupt", .databaseCorrupt), ("database", .database),
            ("query-parser", .queryParser), ("invalid-argument", .invalidArgument),
            ("invalid-operation", .invalidOperation), ("doc-not-found", .documentNotFound), ("range", .range),
            ("network", .network), ("xapian", .xapian), ("bad-alloc", .outOfMemory), ("std", .cppException),
            ("int", .unknownException),
        ]
        for (kind, code) in expected {
            XCTAssertThrowsError(try injectShimException(kind), kind) { error in
                let e = error as! XapianError
                XCTAssertEqual(e.code, code, kind)
                XCTAssertFalse(e.message.isEmpty, kind)
            }
        }
    }

    func testRemoteConnectionRefusedIsNetworkError() {
        // Port 1 on loopback: nothing listens there.
        XCTAssertThrowsError(try Database(remoteHost: "127.0.0.1", port: 1, timeoutMilliseconds: 2000)) { error in
            XCTAssertEqual((error as! XapianError).code, .network)
        }
    }
}
