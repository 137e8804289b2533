import Foundation

/// Reading each kind of input, and deciding per document whether it is new,
/// changed, unchanged or gone.
extension Ingestor {
    func ingest(_ input: String) throws {
        if input == "-" {
            try ingestJSONLines(FileHandle.standardInput, name: "-", stateInput: "-", size: nil)
            return
        }
        // A named path is followed, links included (`absolute` resolves
        // them: the id is the target's path), but whatever it names must be
        // a directory or a regular file. A FIFO would block the run while it
        // holds the lock, and a device such as /dev/zero never ends: named,
        // or behind a link, neither is opened. "-" is the way to stream.
        let path = Self.absolute(input)
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file or directory" : String(cString: strerror(errno))
            report.problems.append(IngestProblem(location: input, reason: reason))
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            try ingestDirectory(path)
        case S_IFREG where input.hasSuffix(".jsonl") || input.hasSuffix(".ndjson") || input.hasSuffix(".json"):
            let handle: FileHandle
            switch Self.openRegularFile(path, name: input) {
            case .failure(let problem):
                report.problems.append(problem)
                return
            case .success(let h):
                handle = h
            }
            defer { try? handle.close() }
            try ingestJSONLines(handle, name: input, stateInput: path, size: Int64(info.st_size))
        case S_IFREG:
            guard let entry = DirectoryScanner.entry(for: path) else {
                report.problems.append(IngestProblem(location: input, reason: "no longer a regular file, skipped"))
                return
            }
            if takes() { try ingestFile(entry, known: try writer.states.state(of: path), named: true) }
            progress(input, done: entry.size, total: entry.size)
        default:
            var link = stat()
            let viaLink = lstat(input, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK ? "a symbolic link to " : ""
            report.problems.append(IngestProblem(location: input,
                                                 reason: "not a regular file (\(viaLink)\(DirectoryScanner.kind(info))), skipped"))
        }
    }

    /// Opens a file that `stat` found regular, checking again on the open
    /// descriptor: it may have been replaced by a FIFO or a device since.
    /// The open does not block, even on a FIFO.
    static func openRegularFile(_ path: String, name: String) -> Result<FileHandle, IngestProblem> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(IngestProblem(location: name, reason: "cannot open for reading: \(String(cString: strerror(errno)))"))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .failure(IngestProblem(location: name, reason: "no longer a regular file, skipped"))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    // MARK: Directories

    /// Indexes new and changed files, and removes the files the index has
    /// from this directory that are no longer there.
    private func ingestDirectory(_ root: String) throws {
        let listing: DirectoryScanner.Listing
        do {
            listing = try DirectoryScanner.scan(root)
        } catch let problem as IngestProblem {
            report.problems.append(problem)
            return
        }
        report.problems.append(contentsOf: listing.unreadable)
        report.unknownFormat.append(contentsOf: listing.unknown)
        let folder = root.hasSuffix("/") ? root : root + "/"
        let known = try writer.states.files(under: folder)
        let total = listing.files.reduce(Int64(0)) { $0 + $1.size }
        var done: Int64 = 0
        for entry in listing.files {
            if takes() { try ingestFile(entry, known: known[entry.path]) }
            done += entry.size
            progress(root, done: done, total: total)
        }
        let present = Set(listing.files.map(\.path))
        for (id, state) in known.sorted(by: { $0.key < $1.key }) where !present.contains(id) {
            // A file in a folder that could not be read this time is not gone.
            guard !listing.unreadableFolders.contains(where: { id.hasPrefix($0) }) else { continue }
            try remove(state)
        }
    }

    /// One file: compared by size and modification time first, then by
    /// content, and indexed only if the content changed. A file named on the
    /// command line (`named`) that no format recognises is read as text.
    func ingestFile(_ entry: DirectoryScanner.Entry, known: DocumentState?, named: Bool = false) throws {
        // Another shard's file (its id is its path; all messages of a mailbox go with it).
        guard options.shard?.holds(entry.path) ?? true else { return }
        let known = known?.kind == .file ? known : nil
        if let known, !indexEverything, known.size == entry.size, known.modified == entry.modified {
            report.unchanged += try documentCount(ofFile: entry.path)
            return
        }
        if let tooLarge = Formats.sizeProblem(path: entry.path, size: entry.size, head: Formats.readHead(entry.path) ?? []) {
            report.problems.append(tooLarge)
            return
        }
        let data: Data
        switch TextFileReader.readBytes(path: entry.path) {
        case .failure(let problem):
            // Unreadable now: keep what the index has and say so.
            report.problems.append(problem)
            return
        case .success(let bytes):
            data = bytes
        }
        report.bytesRead += Int64(data.count)
        let hash = ContentHash.hex(data)
        var state = DocumentState(kind: .file, size: entry.size, modified: entry.modified, hash: hash,
                                  input: entry.path, id: entry.path)
        if let known, !indexEverything, known.hash == hash {
            // Touched but not changed: remember the new time, so the next
            // run need not read it again.
            report.unchanged += try documentCount(ofFile: entry.path)
            try writer.states.set(state)
            return
        }
        switch Formats.extract(path: entry.path, data: data, fallbackToText: named) {
        case .failure(let problem):
            report.problems.append(problem)
        case .success(let extraction):
            for warning in extraction.warnings { report.warnings.append(IngestProblem(location: entry.path, reason: warning)) }
            state.size = Int64(data.count)
            if extraction.documents.count == 1, let document = extraction.documents.first, document.id == entry.path {
                try index(document, state: state, known: try writer.states.state(of: document.id))
                for part in try writer.states.parts(of: entry.path) { try remove(part) }  // it was an mbox
            } else {
                try indexParts(extraction.documents, of: state)
            }
        }
    }

    /// How many documents an unchanged file stands for: its messages, if it is a mailbox.
    private func documentCount(ofFile path: String) throws -> Int {
        max(1, try writer.states.parts(of: path).count)
    }

    /// The documents of a file that holds several (an mbox): each is
    /// remembered as a part of the file and compared by a hash of its
    /// content, so a changed mailbox re-indexes only its changed messages;
    /// messages gone from it are removed. The file's own state has no passages.
    private func indexParts(_ documents: [SourceDocument], of file: DocumentState) throws {
        try writer.remove(id: file.id)  // passages it had as one document, if it had
        var seen = Set<String>()
        for document in documents where seen.insert(document.id).inserted {
            var fingerprint = Data()
            for field in [document.title, document.date ?? "", document.from ?? "", document.text] {
                fingerprint.append(contentsOf: field.utf8)
                fingerprint.append(0)
            }
            let state = DocumentState(kind: .part, size: Int64(document.text.utf8.count), modified: 0,
                                      hash: ContentHash.hex(fingerprint), input: file.id, id: document.id)
            try index(document, state: state, known: try writer.states.state(of: document.id))
        }
        for part in try writer.states.parts(of: file.id) where !seen.contains(part.id) { try remove(part) }
        try writer.states.set(file)
    }

    // MARK: JSON Lines

    /// Each line is fingerprinted first; a line the index already holds is
    /// not even parsed. With `prune`, the records that came from this input
    /// before and were not in it now are removed, but only when every line
    /// could be read: a line that failed might have been one of them.
    private func ingestJSONLines(_ handle: FileHandle, name: String, stateInput: String, size: Int64?) throws {
        var reader = JSONLinesReader(handle: handle, name: name)
        // The ids read, kept only when pruning needs them: on ten copies of
        // the corpus, the sets of ids held per worker were most of the
        // memory that grew with the input.
        let pruning = options.prune && !options.full
        var seen = Set<String>()
        // Ids decoded in this run, for the warning that a second one replaces
        // the first: by hash, which is all a warning needs (Xapian's unique
        // term, not this table, is what makes the last one win).
        var lineOfID: [Int: Int] = [:]
        var clean = true
        while true {
            let next: Result<JSONLinesReader.Line, IngestProblem>?
            do {
                // Another worker's line (--jobs): passed over unread, so
                // that N workers do not each buffer a long line.
                if let share, !share.nextIsMine {
                    guard let item = try reader.skipLine() else { break }
                    if item { _ = share.take() }
                    progress(name, done: Int64(reader.bytesRead), total: size)
                    continue
                }
                next = try reader.nextLine()
            } catch {
                report.problems.append(IngestProblem(location: name, reason: "read failed: \(TextFileReader.describe(error))"))
                clean = false
                break
            }
            guard let next else { break }
            guard takes() else { continue }  // another worker's line (--jobs)
            defer { progress(name, done: Int64(reader.bytesRead), total: size) }
            if case .success(let l) = next { share?.line = l.number }
            let line: JSONLinesReader.Line
            switch next {
            case .failure(let problem):
                report.problems.append(problem)
                clean = false
                continue
            case .success(let l):
                line = l
            }
            report.bytesRead += Int64(line.bytes.count)
            let hash = ContentHash.hex(line.bytes)
            if !indexEverything, let id = try writer.states.recordID(forLineHash: hash) {
                report.unchanged += 1
                if pruning { seen.insert(id) }
                lineOfID[id.hashValue] = line.number
                continue
            }
            let (decoded, warning) = reader.decodeWithWarning(line)
            if let warning { report.warnings.append(warning) }
            switch decoded {
            case .failure(let problem):
                report.problems.append(problem)
                clean = false
            case .success(let document):
                // Another shard's: parsed on every run, since only this
                // shard's lines are remembered.
                guard options.shard?.holds(document.id) ?? true else { continue }
                if pruning { seen.insert(document.id) }
                if let first = lineOfID.updateValue(line.number, forKey: document.id.hashValue) {
                    report.warnings.append(IngestProblem(
                        location: "\(name):\(line.number)",
                        reason: "duplicate id (also on line \(first)), the last one wins"))
                }
                let state = DocumentState(kind: .record, size: Int64(line.bytes.count), modified: 0, hash: hash,
                                          input: stateInput, id: document.id)
                try index(document, state: state, known: try writer.states.state(of: document.id))
            }
        }
        guard options.prune && !options.full else { return }
        guard clean else {
            report.problems.append(IngestProblem(location: name, reason: "not pruned: some lines could not be read"))
            return
        }
        for state in try writer.states.records(from: stateInput) where !seen.contains(state.id) {
            try remove(state)
        }
    }

    // MARK: Changes

    /// Indexes a document read in full, unless the index holds this very content.
    private func index(_ document: SourceDocument, state: DocumentState, known: DocumentState?) throws {
        if let known, !indexEverything, known.kind == state.kind, known.hash == state.hash {
            report.unchanged += 1
            try forget(known)
            try remember(state)
            return
        }
        let added: (passages: Int, replaced: Bool)
        do {
            added = try writer.add(document)
        } catch let conflict as IndexWriter.IdConflict {
            report.problems.append(IngestProblem(
                location: FundusError.oneLine(document.id, limit: 120),
                reason: "shares its index term with the stored document \(FundusError.oneLine(conflict.stored, limit: 120)), "
                    + "which is kept; not indexed"))
            return
        }
        let (passages, replaced) = added
        report.passages += passages
        if let known { try forget(known) }
        try remember(state)
        let kind: IngestChange.Kind = replaced || known != nil ? .changed : .added
        if kind == .added { report.added += 1 } else { report.changed += 1 }
        onChange?(IngestChange(kind: kind, id: document.id))
        try checkTransactionBudget()
    }

    private func remove(_ state: DocumentState) throws {
        let parts = state.kind == .file ? try writer.states.parts(of: state.id) : []
        for part in parts { try remove(part) }
        try writer.remove(id: state.id)
        try forget(state)
        guard parts.isEmpty else { return }  // a mailbox is its messages
        report.removed += 1
        onChange?(IngestChange(kind: .removed, id: state.id))
        try checkTransactionBudget()
    }

    private func remember(_ state: DocumentState) throws {
        try writer.states.set(state)
        if state.kind == .record { try writer.states.setLine(hash: state.hash, id: state.id) }
    }

    private func forget(_ state: DocumentState) throws {
        try writer.states.remove(id: state.id)
        if state.kind == .record { try writer.states.removeLine(hash: state.hash) }
    }

    private func progress(_ input: String, done: Int64, total: Int64?) {
        onProgress?(IngestProgress(report: report, input: input, bytesDone: done, bytesTotal: total))
    }

    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (full as NSString).standardizingPath
    }
}
