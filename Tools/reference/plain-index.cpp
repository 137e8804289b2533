// plain-index: the "Xapian defaults" baseline indexer.
//
// Usage: plain-index DBDIR < docs.jsonl
//
// Reads JSON Lines ({"id","title","text",...}) on standard input and writes one
// Xapian document per line into DBDIR (created or opened for update):
// TermGenerator with Stem("german") and its default settings (STEM_SOME),
// title then text indexed as free text without prefixes, document data = id,
// unique id term "Q" + id (so re-indexing a document replaces it).
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "json.h"

static int usage() {
    std::cerr << "usage: plain-index DBDIR < docs.jsonl\n";
    return 2;
}

int main(int argc, char** argv) {
    if (argc != 2 || std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help") return usage();
    const std::string dbdir = argv[1];
    std::ios::sync_with_stdio(false);

    auto t0 = std::chrono::steady_clock::now();
    long indexed = 0, skipped = 0, lineno = 0;
    try {
        Xapian::WritableDatabase db(dbdir, Xapian::DB_CREATE_OR_OPEN);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("german"));  // default strategy: STEM_SOME

        std::string line;
        while (std::getline(std::cin, line)) {
            ++lineno;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            std::map<std::string, std::string> f;
            try {
                f = plainjson::Parser(line).parse_object();
            } catch (const plainjson::ParseError& e) {
                std::cerr << "plain-index: line " << lineno << ": bad JSON: " << e.what() << "\n";
                ++skipped;
                continue;
            }
            auto id = f.find("id");
            if (id == f.end() || id->second.empty()) {
                std::cerr << "plain-index: line " << lineno << ": no \"id\", skipped\n";
                ++skipped;
                continue;
            }
            Xapian::Document doc;
            tg.set_document(doc);
            auto title = f.find("title");
            if (title != f.end()) {
                tg.index_text(title->second);
                tg.increase_termpos();
            }
            auto text = f.find("text");
            if (text != f.end()) tg.index_text(text->second);
            doc.set_data(id->second);
            const std::string idterm = "Q" + id->second;
            doc.add_boolean_term(idterm);
            db.replace_document(idterm, doc);
            ++indexed;
        }
        db.commit();
    } catch (const Xapian::Error& e) {
        std::cerr << "plain-index: " << e.get_description() << "\n";
        return 1;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "plain-index: " << indexed << " documents indexed, " << skipped << " skipped, "
              << secs << " s\n";
    return skipped ? 1 : 0;  // 1: some lines were skipped (see stderr)
}
