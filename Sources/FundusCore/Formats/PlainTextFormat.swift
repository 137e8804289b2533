import Foundation

/// Text files (`TextFileReader`): the first short line is the title. Also what a file named on the command line is read as when
/// no format recognises it.
struct PlainTextFormat: DocumentExtractor {
    let name = "text"
    let extensions: Set<String> = ["txt", "text"]
    let maxBytes = Int64.max

    func extract(path: String, data: Data) throws -> Extraction {
        switch TextFileReader.textFile(path: path, data: data) {
        case .failure(let problem): throw ExtractionFailure(problem.reason)
        case .success(let file): return Extraction(file.document, warning: file.warning?.reason)
        }
    }
}
