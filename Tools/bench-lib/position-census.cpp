// position-census: how many postings and positions an index holds per term
// prefix (exact words have none, then Z, P, S, ZS, ...), to see where the
// position table's size comes from (BENCHMARKS.md, "Where the index size goes").
// It walks every posting, so use a sample index.
//
// Build: g++ -O2 -std=c++17 -o /tmp/position-census Tools/bench-lib/position-census.cpp -lxapian
// Run:   /tmp/position-census DB
#include <xapian.h>

#include <iostream>
#include <map>
#include <string>

int main(int argc, char **argv) {
    if (argc != 2) {
        std::cerr << "usage: position-census DB\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        struct Count { unsigned long postings = 0, positions = 0; };
        std::map<std::string, Count> by_prefix;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
            const std::string term = *t;
            std::string prefix;
            for (char c : term) {
                if (c < 'A' || c > 'Z') break;
                prefix += c;
            }
            Count &count = by_prefix[prefix.empty() ? "(exact)" : prefix];
            for (auto d = db.postlist_begin(term); d != db.postlist_end(term); ++d) {
                ++count.postings;
                for (auto p = d.positionlist_begin(); p != d.positionlist_end(); ++p) ++count.positions;
            }
        }
        for (const auto &[prefix, count] : by_prefix) {
            std::cout << prefix << "\t" << count.postings << " postings\t" << count.positions << " positions\n";
        }
    } catch (const Xapian::Error &e) {
        std::cerr << "position-census: " << e.get_description() << "\n";
        return 2;
    }
}
