// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Fundus",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fundus-ingest", targets: ["fundus-ingest"]),
        .executable(name: "fundus-search", targets: ["fundus-search"]),
        .library(name: "FundusCore", targets: ["FundusCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
    ],
    targets: [
        // The only C++ in the project: a plain C API over libxapian.
        .target(
            name: "CXapian",
            cxxSettings: [.unsafeFlags(["-Wall"])],
            linkerSettings: [.linkedLibrary("xapian")]
        ),
        .target(name: "Xapian", dependencies: ["CXapian"]),
        // Pure Swift: knows nothing of Xapian; the stemmer is injected.
        .target(name: "GermanAnalysis"),
        // Pure Swift: query text -> syntax tree, with error positions.
        .target(name: "QueryLanguage"),
        // libxml2's HTML and XML parsers, for the document formats (Sources/FundusCore/Formats).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // One glibc call Swift does not import, for the external filters (PDF).
        .target(name: "CSpawn"),
        .target(name: "FundusCore", dependencies: ["Xapian", "GermanAnalysis", "QueryLanguage", "CLibXML2", "CSpawn",
                                                   .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                                                   .product(name: "Ink", package: "Ink")]),
        .target(name: "FundusOutput", dependencies: ["FundusCore"]),
        .executableTarget(
            name: "fundus-ingest",
            dependencies: ["FundusCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "fundus-search",
            // No ArgumentParser here: see Sources/fundus-search/Arguments.swift.
            dependencies: ["FundusCore", "FundusOutput"]
        ),
        // One seeded random generator for the tests that need repeatable randomness.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "XapianTests", dependencies: ["Xapian"]),
        .testTarget(name: "GermanAnalysisTests", dependencies: ["GermanAnalysis"]),
        .testTarget(name: "QueryLanguageTests", dependencies: ["QueryLanguage", "TestSupport"]),
        .testTarget(name: "FundusCoreTests", dependencies: ["FundusCore", "FundusOutput", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["FundusCore", "TestSupport",
                                                     .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ],
    cxxLanguageStandard: .cxx17
)
