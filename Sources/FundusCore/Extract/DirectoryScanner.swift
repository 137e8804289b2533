import Foundation

/// Finds the text files below a directory, in a stable order. Hidden files
/// and folders are skipped, symbolic links are not followed (so a link loop
/// cannot trap the scan), and only regular files are returned (never a FIFO
/// or a device, which could block a read forever).
public enum DirectoryScanner {
    public static func textFiles(under root: String) throws -> [String] {
        var found: [String] = []
        var pending = [root]
        let fm = FileManager.default
        while let dir = pending.popLast() {
            let names: [String]
            do {
                names = try fm.contentsOfDirectory(atPath: dir)
            } catch {
                if dir == root { throw IngestProblem(location: root, reason: "cannot read directory: \(TextFileReader.describe(error))") }
                continue
            }
            for name in names where !name.hasPrefix(".") {
                let path = (dir as NSString).appendingPathComponent(name)
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                case S_IFREG:
                    let ext = (name as NSString).pathExtension.lowercased()
                    if TextFileReader.extensions.contains(ext) { found.append(path) }
                default:
                    continue
                }
            }
        }
        return found.sorted()
    }
}
