// plain-search: the "Xapian defaults" baseline searcher.
//
// Usage: plain-search DBDIR --queries FILE [--limit 10] [--format jsonl]
//
// Runs each line of FILE as one query (line N has qnum N, empty lines count)
// through a QueryParser with its defaults: Stem("german"), STEM_SOME, OR as
// default operator, FLAG_DEFAULT, the database set. Prints one JSON line per
// hit: {"qnum","query","rank","id","score"}; a query Xapian rejects prints
// {"qnum","query","error"} instead, and the exit status is then 2.
// --format is accepted for compatibility with Tools/eval; only jsonl exists.
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "json.h"

static int usage(const char* msg = nullptr) {
    if (msg) std::cerr << "plain-search: " << msg << "\n";
    std::cerr << "usage: plain-search DBDIR --queries FILE [--limit N] [--format jsonl]\n";
    return 64;
}

int main(int argc, char** argv) {
    std::string dbdir, queries;
    long limit = 10;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) return nullptr;
            (void)name;
            return argv[++i];
        };
        if (a == "-h" || a == "--help") {
            usage();
            return 0;
        } else if (a == "--queries") {
            const char* v = value("--queries");
            if (!v) return usage("--queries needs a file");
            queries = v;
        } else if (a == "--limit") {
            const char* v = value("--limit");
            char* end = nullptr;
            if (!v || (limit = std::strtol(v, &end, 10)) <= 0 || *end) return usage("--limit needs a positive number");
        } else if (a == "--format") {
            const char* v = value("--format");
            if (!v) return usage("--format needs a value");
            if (std::string(v) != "jsonl") return usage("only --format jsonl is supported");
        } else if (!a.empty() && a[0] == '-') {
            return usage(("unknown option " + a).c_str());
        } else if (dbdir.empty()) {
            dbdir = a;
        } else {
            return usage("more than one DBDIR given");
        }
    }
    if (dbdir.empty() || queries.empty()) return usage("DBDIR and --queries FILE are required");

    std::ifstream in(queries, std::ios::binary);
    if (!in) {
        std::cerr << "plain-search: cannot read " << queries << "\n";
        return 1;
    }
    bool had_error = false;
    try {
        Xapian::Database db(dbdir);
        Xapian::QueryParser qp;
        qp.set_stemmer(Xapian::Stem("german"));  // default strategy: STEM_SOME
        qp.set_database(db);                     // default operator: OR
        Xapian::Enquire enquire(db);

        std::string line;
        long qnum = 0;
        while (std::getline(in, line)) {
            ++qnum;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::string q = plainjson::quote(line);
            try {
                enquire.set_query(qp.parse_query(line));
                Xapian::MSet mset = enquire.get_mset(0, Xapian::doccount(limit));
                long rank = 0;
                for (auto it = mset.begin(); it != mset.end(); ++it) {
                    char score[32];
                    snprintf(score, sizeof score, "%.6g", it.get_weight());
                    std::cout << "{\"qnum\":" << qnum << ",\"query\":" << q << ",\"rank\":" << ++rank
                              << ",\"id\":" << plainjson::quote(it.get_document().get_data())
                              << ",\"score\":" << score << "}\n";
                }
            } catch (const Xapian::Error& e) {  // e.g. QueryParserError
                had_error = true;
                std::cout << "{\"qnum\":" << qnum << ",\"query\":" << q
                          << ",\"error\":" << plainjson::quote(e.get_description()) << "}\n";
            }
        }
    } catch (const Xapian::Error& e) {
        std::cout.flush();
        std::cerr << "plain-search: " << e.get_description() << "\n";
        return 1;
    }
    std::cout.flush();
    return had_error ? 2 : 0;
}
