import FundusCore
import XCTest

/// Fundus as a new user meets it (issue 14): installed with Tools/install,
/// run from a folder outside the clone with cron's bare environment, with a
/// bare index name, and asked for its version, man pages and completions.
final class InstallCLITests: CLITestCase {
    var prefix: String { directory.appendingPathComponent("prefix").path }

    /// Installs the binaries under test (no release build) into `prefix`.
    func install() throws {
        let script = CLI.repositoryRoot.appendingPathComponent("Tools/install").path
        let result = try CLI.runShell("'\(script)' --prefix '\(prefix)' --from '\(CLI.productsDirectory.path)'")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    /// Runs a command line the way cron does: nothing in the environment but
    /// PATH (the prefix's bin and cron's /usr/bin:/bin) and HOME, in `folder`.
    func cron(_ command: String, in folder: String) throws -> CommandResult {
        try CLI.runShell("cd '\(folder)' && /usr/bin/env -i PATH='\(prefix)/bin:/usr/bin:/bin' HOME='\(directory.path)/home' "
                         + "sh -c '\(command)'")
    }

    func testInstalledProgramsWorkFromAnyFolderUnderCron() throws {
        try install()
        for file in ["bin/fundus-ingest", "bin/fundus-search", "share/fundus/de.txt", "share/man/man1/fundus-ingest.1",
                     "share/man/man1/fundus-search.1", "share/bash-completion/completions/fundus-ingest",
                     "share/bash-completion/completions/fundus-search", "share/zsh/site-functions/_fundus-ingest",
                     "share/zsh/site-functions/_fundus-search", "share/fish/vendor_completions.d/fundus-ingest.fish",
                     "share/fish/vendor_completions.d/fundus-search.fish"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/" + file), "not installed: \(file)")
        }
        // An empty folder elsewhere, notes in it, the index named bare.
        let work = directory.appendingPathComponent("somewhere").path
        _ = try write("somewhere/notes/rakete.txt", "Die Kurzstreckenraketen flogen weit.\n")
        _ = try write("somewhere/notes/steuer.txt", "Steuererklärung abgeben bis Juli\n")
        let ingest = try cron("fundus-ingest --db idx notes/", in: work)
        XCTAssertEqual(ingest.status, 0, ingest.stderr)
        XCTAssertEqual(ingest.stderr, "", "a run with the installed lexicon says nothing")
        let search = try cron("fundus-search --db idx --format jsonl Rakete", in: work)
        XCTAssertEqual(search.status, 0, search.stderr)
        let hits = search.hitRecords()
        XCTAssertEqual(hits.count, 1, search.stdout)
        XCTAssertTrue((hits.first?["id"] as? String ?? "").hasSuffix("notes/rakete.txt"))
        XCTAssertEqual(hits.first.map(highlightedWords), ["Kurzstreckenraketen"])
        let note = try cron("fundus-search --db idx --format jsonl abgeben", in: work)
        XCTAssertEqual(note.status, 0, note.stderr)
        XCTAssertTrue((note.hitRecords().first?["id"] as? String ?? "").hasSuffix("notes/steuer.txt"), note.stdout)
    }

    func testUninstallRemovesWhatInstallPut() throws {
        try install()
        let script = CLI.repositoryRoot.appendingPathComponent("Tools/install").path
        let result = try CLI.runShell("'\(script)' --prefix '\(prefix)' --uninstall")
        XCTAssertEqual(result.status, 0, result.stderr)
        let left = FileManager.default.enumerator(atPath: prefix)?.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: prefix + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        XCTAssertEqual(left ?? [], [])
    }

    func testBashCompletionsLoadAndComplete() throws {
        try install()
        let folder = prefix + "/share/bash-completion/completions"
        for tool in ["fundus-ingest", "fundus-search"] {
            let loaded = try CLI.runShell("source '\(folder)/\(tool)' && complete -p \(tool)")
            XCTAssertEqual(loaded.status, 0, loaded.stderr)
            XCTAssertEqual(loaded.stderr, "", tool)
            XCTAssertTrue(loaded.stdout.contains(tool), loaded.stdout)
        }
        let formats = try CLI.runShell("""
            source '\(folder)/fundus-search'
            COMP_WORDS=(fundus-search --format j); COMP_CWORD=2; COMP_LINE='fundus-search --format j'; COMP_POINT=${#COMP_LINE}
            $(complete -p fundus-search | sed -E 's/.*-F ([^ ]+).*/\\1/') fundus-search j --format
            printf '%s\\n' "${COMPREPLY[@]}" | sort
            """)
        XCTAssertEqual(formats.stdout, "json\njsonl\n", formats.stderr)
    }

    func testVersionNamesFundusAndXapian() throws {
        for tool in ["fundus-ingest", "fundus-search"] {
            let result = try CLI.run(tool, ["--version"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, "\(tool) \(FundusVersion.number) (Xapian 1.4.22)\n")
        }
    }

    /// Every option a tool's --help lists is in its man page, so they cannot drift.
    func testManPagesDescribeEveryOption() throws {
        for tool in ["fundus-ingest", "fundus-search"] {
            let help = try CLI.run(tool, ["--help"]).stdout
            let options = Set(help.matches(of: /--[a-z][a-z-]*/).map { String($0.output) })
            XCTAssertGreaterThan(options.count, 10, help)
            let page = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Tools/man/\(tool).1"), encoding: .utf8)
            for option in options {
                XCTAssertTrue(page.contains(option.replacingOccurrences(of: "-", with: "\\-")), "\(tool).1 lacks \(option)")
            }
        }
    }
}
