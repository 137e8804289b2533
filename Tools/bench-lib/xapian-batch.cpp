// xapian-batch: how fast plain Xapian answers a batch of queries on a Fundus
// index, as a yardstick for fundus-search --queries (BENCHMARKS.md, "What
// limits search"). One thread, QueryParser with german2 and STEM_ALL_Z, the
// best 10 passages, each one's document data read.
//
// Build: g++ -O2 -std=c++17 -o /tmp/xapian-batch Tools/bench-lib/xapian-batch.cpp -lxapian
// Run:   /tmp/xapian-batch DB QUERIES.txt [c][s]
//        c: collapse passages to documents (value slot 0), as Fundus does
//        s: also build Xapian's own snippet of each hit (MSet::snippet)
#include <xapian.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
    if (argc < 3) {
        std::cerr << "usage: xapian-batch DB QUERIES.txt [c][s]\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        const std::string mode = argc > 3 ? argv[3] : "";
        const bool collapse = mode.find('c') != std::string::npos, snippets = mode.find('s') != std::string::npos;
        Xapian::Stem stem("german2");
        Xapian::QueryParser parser;
        parser.set_stemmer(stem);
        parser.set_database(db);
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        std::ifstream in(argv[2]);
        std::string line;
        size_t queries = 0, bytes = 0;
        const auto start = std::chrono::steady_clock::now();
        while (std::getline(in, line)) {
            Xapian::Query query;
            try {
                query = parser.parse_query(line);
            } catch (const Xapian::QueryParserError &) {
                continue;  // as fundus-search rejects a bad query and goes on
            }
            Xapian::Enquire enquire(db);
            enquire.set_query(query);
            if (collapse) enquire.set_collapse_key(0);
            Xapian::MSet mset = enquire.get_mset(0, 10);
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                const std::string data = it.get_document().get_data();
                bytes += snippets ? mset.snippet(data, 240, stem).size() : data.size();
            }
            ++queries;
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << queries << " queries in " << seconds << " s: " << queries / seconds << " queries/s (" << bytes
                  << " bytes read)\n";
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian-batch: " << e.get_description() << "\n";
        return 2;
    }
}
