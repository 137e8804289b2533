import Foundation

/// Deletes what Fundus left in a generations folder, and nothing else.
///
/// The folder may be a symbolic link to another disk, where the admin keeps
/// other files too, and an entry in it may be a link somebody planted: so
/// only names Fundus gives (`gen-N`, `shards-N`, `stub.new`, `legacy`) are
/// deleted, entries are looked at with lstat and opened with O_NOFOLLOW
/// relative to their parent's descriptor, and a link is deleted as a link,
/// never followed. A folder is deleted only while this process holds an
/// exclusive flock on it: a searcher holds a shared one on the generation it
/// reads (`IndexStore.holdCurrent`), and such a generation stays for a later
/// run to delete.
enum LeftoverRemoval {
    /// Whether Fundus makes entries by this name in a generations folder.
    static func isFundusName(_ name: String) -> Bool {
        if name == "stub.new" || name == "legacy" { return true }
        for prefix in ["gen-", "shards-"] where name.hasPrefix(prefix) {
            let number = name.dropFirst(prefix.count)
            return !number.isEmpty && number.allSatisfy { $0 >= "0" && $0 <= "9" }
        }
        return false
    }

    /// Deletes the entries of `folder` with Fundus names, except `keep`.
    /// Returns the names left because a reader holds them (or that could not
    /// be deleted).
    @discardableResult
    static func removeEntries(of folder: String, except keep: String) -> [String] {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var left: [String] = []
        for name in entries(of: fd) where name != keep && isFundusName(name) {
            if !removeTree(named: name, in: fd) { left.append(name) }
        }
        return left
    }

    /// Deletes one entry of `folder` (see `removeTree`).
    @discardableResult
    static func remove(_ name: String, in folder: String) -> Bool {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return removeTree(named: name, in: fd)
    }

    /// Deletes `name` in the folder open as `parent`: a file or a link is
    /// unlinked, a folder emptied (under an exclusive flock) and removed.
    static func removeTree(named name: String, in parent: Int32) -> Bool {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return errno == ENOENT }
        guard info.st_mode & S_IFMT == S_IFDIR else { return unlinkat(parent, name, 0) == 0 || errno == ENOENT }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        // Closed only after the folder is gone: a reader waiting for its
        // shared lock then finds the stub moved on, and looks again.
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        var emptied = true
        for entry in entries(of: fd) where !removeTree(named: entry, in: fd) { emptied = false }
        return emptied && unlinkat(parent, name, AT_REMOVEDIR) == 0
    }

    /// The names in a folder (without "." and ".."), read through a copy of
    /// its descriptor.
    static func entries(of fd: Int32) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let directory = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return []
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
