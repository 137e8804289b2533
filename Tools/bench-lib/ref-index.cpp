// ref-index: the C++ reference indexer for Tools/bench.
//
// It writes the index Fundus writes, minus Fundus's own German analysis,
// straight on libxapian: the same passages (PassageSplitter's rules, ported
// below), one Xapian document per passage, the passage text through Xapian's
// TermGenerator with Stem("german2") and STEM_SOME_FULL_POS (so stems are
// Z-prefixed and positional, like Fundus's Z terms), the title's terms as
// IndexWriter adds them (see below), the same boolean terms
// (Q id#n, I id, K source), value slots (0 id, 1 date, 2 title stems) and document data
// (the passage record as JSON with sorted keys). What it leaves out is
// exactly what Fundus adds: umlaut/ß folding, its own tokenizer and
// compound splitting (P terms). So "Fundus / ref-index" in the benchmark is
// the cost of that analysis plus whatever overhead Fundus's Swift layers add,
// and ref-index's time is the single-thread limit of this index design.
//
// Usage:
//   ref-index [OPTIONS] DBDIR [INPUT.jsonl | -]   index (default: stdin)
//   ref-index [OPTIONS] --split [INPUT.jsonl | -]  print passages as JSON Lines
// Options: --stopwords FILE, --lexicon FILE, --spelling, --max-chars N (1000),
// --join-below N (300).
// The harness reads the last two from PassageSplitter's defaults in
// Passages.swift, so the passages follow Fundus when its rules change.
//
// --split prints {"id","passage","title","text","source","date","url"} per
// passage, so the other references (scriptindex, FTS5) get exactly the same
// passages without a second port of the splitter.
// --stopwords: one word a line; with it, stopwords get no stemmed term
// (STOP_STEMMED), as in Fundus, which keeps stopwords only as exact terms.
// --lexicon: store the compound lexicon in the index as IndexWriter does (one
// metadata key "L:" + word per line of FILE), so the index holds the same.
// --spelling: spelling data as IndexWriter writes it: each passage word of
// 4+ bytes, letters only, not a stopword, lower case, counted once per
// document, written at commit.
//
// Exit status: 0 all indexed, 1 some lines skipped (stderr), 2 usage or I/O error.
#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../reference/json.h"

namespace {

// ---------------------------------------------------------------------------
// Passage splitting: a port of Sources/FundusCore/Index/PassageSplitter.
//
// Swift counts Characters (extended grapheme clusters). We approximate a
// Character by a code point plus any combining marks / variation selectors /
// ZWJ that follow it, with "\r\n" as one Character; for German text this is
// the same count. Character.isWhitespace is the Unicode White_Space property
// of its first scalar. If the two splitters ever disagree, the harness shows
// it: it compares the passage counts of both indexes.

struct Char {
    size_t begin, end;  // byte range in the UTF-8 text
    char32_t first;     // first code point
    bool crlf;
};

char32_t decode(const std::string& s, size_t& i) {
    unsigned char c = s[i];
    auto cont = [&](size_t k) -> char32_t {
        return (i + k < s.size()) ? (static_cast<unsigned char>(s[i + k]) & 0x3F) : 0;
    };
    // Input comes from the JSON decoder, which only produces valid UTF-8 for
    // escapes; raw bytes are passed through, so be lenient: a bad lead byte
    // is one "character".
    if (c < 0x80) { i += 1; return c; }
    if ((c >> 5) == 0x6 && i + 1 < s.size()) { char32_t r = ((c & 0x1F) << 6) | cont(1); i += 2; return r; }
    if ((c >> 4) == 0xE && i + 2 < s.size()) { char32_t r = ((c & 0x0F) << 12) | (cont(1) << 6) | cont(2); i += 3; return r; }
    if ((c >> 3) == 0x1E && i + 3 < s.size()) {
        char32_t r = ((c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
        i += 4;
        return r;
    }
    i += 1;
    return 0xFFFD;
}

bool is_extender(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0xFE00 && c <= 0xFE0F) ||
           (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x200D;
}

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

bool is_white(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

std::vector<Char> characters(const std::string& s) {
    std::vector<Char> out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        size_t b = i;
        char32_t c = decode(s, i);
        bool crlf = false;
        if (c == '\r' && i < s.size() && s[i] == '\n') {
            ++i;
            crlf = true;
        } else if (c >= 0x20) {  // controls (CR, LF, ...) never take extenders (grapheme rules GB4/GB5)
            if (is_regional_indicator(c) && i < s.size()) {
                // A flag is two regional indicators, one Character (GB12/13).
                size_t j = i;
                if (is_regional_indicator(decode(s, j))) i = j;
            }
            bool joined = false;  // after a ZWJ, the next scalar belongs to this Character (emoji, GB11)
            while (i < s.size()) {
                size_t j = i;
                char32_t n = decode(s, j);
                if (n < 0x20 || (!joined && !is_extender(n))) break;  // never across a control (GB5)
                joined = (n == 0x200D);
                i = j;
            }
        }
        out.push_back({b, i, c, crlf});
    }
    return out;
}

class Splitter {
  public:
    Splitter(size_t max_chars, size_t join_below) : max_(max_chars < 20 ? 20 : max_chars), join_(join_below) {}

    std::vector<std::string> split(const std::string& text) {
        s_ = &text;
        c_ = characters(text);
        std::vector<Range> pieces;
        for (const Range& p : paragraphs()) {
            if (p.b - p.a <= max_) pieces.push_back(p);
            else cut_long(p, pieces);
        }
        return join_short(pieces);
    }

  private:
    struct Range { size_t a, b; };  // [a, b) in Character indexes
    const std::string* s_ = nullptr;
    std::vector<Char> c_;
    size_t max_, join_;

    bool white(size_t k) const { return c_[k].crlf || is_white(c_[k].first); }
    bool newline(size_t k) const { return c_[k].crlf || (c_[k].first == '\n' && c_[k].end - c_[k].begin == 1); }

    Range trimmed(Range r) const {
        size_t a = r.a, b = r.b;
        while (a < b && white(a)) ++a;
        while (b > a && white(b - 1)) --b;
        if (a == b) return {r.b, r.b};
        return {a, b};
    }

    std::vector<Range> paragraphs() const {
        std::vector<Range> result;
        size_t first = SIZE_MAX, last = 0;  // current paragraph: first line start, last line end
        auto flush = [&] {
            if (first != SIZE_MAX) {
                Range t = trimmed({first, last});
                if (t.a < t.b) result.push_back(t);
                first = SIZE_MAX;
            }
        };
        size_t start = 0;
        const size_t n = c_.size();
        for (size_t k = 0; k <= n; ++k) {
            if (k < n && !newline(k)) continue;
            // line [start, k)
            bool blank = true;
            for (size_t j = start; j < k; ++j)
                if (!white(j)) { blank = false; break; }
            if (blank) {
                flush();
            } else {
                if (first == SIZE_MAX) first = start;
                last = k;
            }
            start = k + 1;
        }
        flush();
        return result;
    }

    void cut_long(Range p, std::vector<Range>& out) const {
        Range rest = p;
        while (rest.b - rest.a > max_) {
            Range window{rest.a, rest.a + max_};
            size_t cut = last_sentence_end(window);
            if (cut == SIZE_MAX) cut = last_space(window);
            if (cut == SIZE_MAX) cut = window.b;
            Range head = trimmed({rest.a, cut});
            if (head.a < head.b) out.push_back(head);
            rest = trimmed({cut, rest.b});
        }
        if (rest.a < rest.b) out.push_back(rest);
    }

    bool sentence_mark(size_t k) const {
        if (c_[k].end - c_[k].begin != 1) return false;  // a mark with a combining accent is another Character
        char32_t c = c_[k].first;
        return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
    }

    // Just after the last ". " (etc.) in the window's second half.
    size_t last_sentence_end(Range w) const {
        size_t half = w.a + (w.b - w.a) / 2;
        for (size_t i = w.b; i > half; --i) {
            size_t prev = i - 1;
            if (i < w.b && sentence_mark(prev) && white(i)) return i;
        }
        return SIZE_MAX;
    }

    size_t last_space(Range w) const {
        size_t half = w.a + (w.b - w.a) / 2;
        for (size_t i = w.b; i > half; --i)
            if (white(i - 1)) return i - 1;
        return SIZE_MAX;
    }

    std::string bytes(Range r) const { return s_->substr(c_[r.a].begin, c_[r.b - 1].end - c_[r.a].begin); }

    std::vector<std::string> join_short(const std::vector<Range>& pieces) const {
        std::vector<std::string> result;
        std::string pending;
        size_t pending_count = 0;
        for (const Range& p : pieces) {
            size_t n = p.b - p.a;
            if (pending.empty()) {
                pending = bytes(p);
                pending_count = n;
            } else if (pending_count < join_ && pending_count + 1 + n <= max_) {
                pending += '\n';
                pending += bytes(p);
                pending_count += 1 + n;
            } else {
                result.push_back(std::move(pending));
                pending = bytes(p);
                pending_count = n;
            }
        }
        if (!pending.empty()) result.push_back(std::move(pending));
        return result;
    }
};

// ---------------------------------------------------------------------------
// Schema helpers: the same term spelling as Sources/FundusCore/Schema.swift.

std::string term_safe(const std::string& v) {
    const size_t max_bytes = 180;
    if (v.size() <= max_bytes) return v;
    size_t n = max_bytes - 20;
    // do not cut a UTF-8 sequence in half
    while (n > 0 && (static_cast<unsigned char>(v[n - 1]) & 0xC0) == 0x80) --n;
    if (n > 0 && static_cast<unsigned char>(v[n - 1]) >= 0xC0) --n;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : v) {
        h ^= c;
        h *= 0x00000100000001B3ULL;
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return v.substr(0, n) + "#" + hex;
}

const std::string* field(const std::map<std::string, std::string>& f, const char* key) {
    auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second;
}

// The passage record as Fundus stores it: JSON, keys sorted, absent optional
// fields left out (same size of document data, so index sizes compare).
std::string record(const std::string& id, const std::string* title, long passage, const std::string& text,
                   const std::string* source, const std::string* url, const std::string* date) {
    std::string out = "{";
    if (date && !date->empty()) out += "\"date\":" + plainjson::quote(*date) + ",";
    out += "\"id\":" + plainjson::quote(id) + ",\"passage\":" + std::to_string(passage);
    if (source && !source->empty()) out += ",\"source\":" + plainjson::quote(*source);
    out += ",\"text\":" + plainjson::quote(text);
    out += ",\"title\":" + plainjson::quote(title ? *title : std::string());
    if (url && !url->empty()) out += ",\"url\":" + plainjson::quote(*url);
    out += "}";
    return out;
}

// Swift's Character.isLetter, for the words TermGenerator produces (which
// are already runs of word characters): no digits, no '_', no marks alone.
bool letters_only(const std::string& w) {
    for (unsigned char c : w)
        if ((c >= '0' && c <= '9') || c == '_' || c == '&' || c == '\'') return false;
    return true;
}

struct TitleTerm {
    std::string term;
    Xapian::termcount wdf;
    std::vector<Xapian::termpos> positions;
};

int usage() {
    std::cerr << "usage: ref-index [--stopwords FILE] [--lexicon FILE] [--spelling] [--max-chars N] [--join-below N]\n"
                 "                 DBDIR [INPUT.jsonl | -]\n"
                 "       ref-index [--max-chars N] [--join-below N] --split [INPUT.jsonl | -]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    bool split_only = false;
    std::string stopfile, lexfile, dbdir, input = "-";
    bool spelling = false;
    std::vector<std::string> args;
    size_t max_chars = 1000, join_below = 300;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--split") split_only = true;
        else if (a == "--stopwords" && i + 1 < argc) stopfile = argv[++i];
        else if (a == "--lexicon" && i + 1 < argc) lexfile = argv[++i];
        else if (a == "--spelling") spelling = true;
        else if (a == "--max-chars" && i + 1 < argc) max_chars = std::stoul(argv[++i]);
        else if (a == "--join-below" && i + 1 < argc) join_below = std::stoul(argv[++i]);
        else if (a == "-h" || a == "--help") return usage();
        else args.push_back(a);
    }
    if (split_only) {
        if (args.size() > 1) return usage();
        if (!args.empty()) input = args[0];
    } else {
        if (args.empty() || args.size() > 2) return usage();
        dbdir = args[0];
        if (args.size() == 2) input = args[1];
    }

    std::ifstream file;
    if (input != "-") {
        file.open(input, std::ios::binary);
        if (!file) {
            std::cerr << "ref-index: cannot open " << input << "\n";
            return 2;
        }
    }
    std::istream& in = input == "-" ? std::cin : file;

    auto t0 = std::chrono::steady_clock::now();
    long docs = 0, passages = 0, skipped = 0, lineno = 0;
    Splitter splitter(max_chars, join_below);
    try {
        Xapian::WritableDatabase db;
        Xapian::TermGenerator tg, title_tg;
        Xapian::SimpleStopper stopper;
        bool has_stopwords = false;
        std::map<std::string, Xapian::termcount> spell;
        if (!split_only) {
            db = Xapian::WritableDatabase(dbdir, Xapian::DB_CREATE_OR_OPEN);
            db.set_metadata("fundus.schema", "1");
            tg.set_stemmer(Xapian::Stem("german2"));
            tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME_FULL_POS);
            title_tg.set_stemmer(Xapian::Stem("german2"));
            title_tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
            if (!lexfile.empty()) {
                std::ifstream lf(lexfile);
                if (!lf) {
                    std::cerr << "ref-index: cannot open " << lexfile << "\n";
                    return 2;
                }
                std::string w;
                long n = 0;
                while (std::getline(lf, w)) {
                    if (!w.empty() && w.back() == '\r') w.pop_back();
                    if (w.empty() || w[0] == '#') continue;
                    db.set_metadata("L:" + w, "1");
                    ++n;
                }
                db.set_metadata("fundus.lexicon.hash", std::to_string(n));
            }
            if (!stopfile.empty()) {
                std::ifstream sf(stopfile);
                if (!sf) {
                    std::cerr << "ref-index: cannot open " << stopfile << "\n";
                    return 2;
                }
                std::string w;
                while (std::getline(sf, w))
                    if (!w.empty()) stopper.add(w);
                has_stopwords = true;
                for (Xapian::TermGenerator* g : {&tg, &title_tg}) {
                    g->set_stopper(&stopper);
                    g->set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
                }
            }
        }
        std::string line;
        while (std::getline(in, line)) {
            ++lineno;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            std::map<std::string, std::string> f;
            try {
                f = plainjson::Parser(line).parse_object();
            } catch (const plainjson::ParseError& e) {
                std::cerr << "ref-index: line " << lineno << ": bad JSON: " << e.what() << "\n";
                ++skipped;
                continue;
            }
            const std::string* id = field(f, "id");
            const std::string* text = field(f, "text");
            if (!id || id->empty() || !text) {
                std::cerr << "ref-index: line " << lineno << ": needs \"id\" and \"text\", skipped\n";
                ++skipped;
                continue;
            }
            const std::string* title = field(f, "title");
            const std::string* source = field(f, "source");
            const std::string* url = field(f, "url");
            const std::string* date = field(f, "date");
            std::vector<std::string> parts = splitter.split(*text);
            ++docs;
            if (split_only) {
                for (size_t k = 0; k < parts.size(); ++k) {
                    std::cout << "{\"id\":" << plainjson::quote(*id) << ",\"passage\":" << (k + 1)
                              << ",\"title\":" << plainjson::quote(title ? *title : std::string())
                              << ",\"text\":" << plainjson::quote(parts[k])
                              << ",\"source\":" << plainjson::quote(source ? *source : std::string())
                              << ",\"date\":" << plainjson::quote(date ? *date : std::string())
                              << ",\"url\":" << plainjson::quote(url ? *url : std::string()) << "}\n";
                }
                passages += long(parts.size());
                continue;
            }
            const std::string safe_id = term_safe(*id);
            const std::string doc_term = "I" + safe_id;
            // Like IndexWriter.add: count the document's old passages, so a
            // re-ingest can delete the ones it no longer has.
            const Xapian::doccount before = db.get_termfreq(doc_term);
            // The title is analysed once per document (as Fundus does) and
            // its terms are copied into every passage, as IndexWriter does:
            // S title words with positions (title phrases), ZS title stems
            // without, and Z title stems without positions in the text field,
            // so a query split between title and passage still matches.
            std::vector<TitleTerm> title_terms;
            std::set<std::string> words;  // this document's spelling words
            if (title && !title->empty()) {
                Xapian::Document scratch;
                title_tg.set_document(scratch);
                title_tg.index_text(*title, 1, "S");  // S + positions, ZS without (STEM_SOME)
                title_tg.index_text(*title);          // Z without positions; the bare words are dropped below
                for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
                    const std::string& term = *t;
                    if (term.empty() || (term[0] != 'S' && term[0] != 'Z')) continue;
                    TitleTerm tt{term, t.get_wdf(), {}};
                    if (term[0] == 'S')
                        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) tt.positions.push_back(*p);
                    title_terms.push_back(std::move(tt));
                }
            }
            // Slot 2, as IndexWriter: the title's stems, space-separated.
            std::string title_stems;
            for (const TitleTerm& tt : title_terms)
                if (tt.term.compare(0, 2, "ZS") == 0) title_stems += (title_stems.empty() ? "" : " ") + tt.term.substr(2);
            if (title_stems.empty()) title_stems = " ";
            for (size_t k = 0; k < parts.size(); ++k) {
                Xapian::Document doc;
                tg.set_document(doc);
                tg.index_text(parts[k]);
                if (spelling) {
                    // Bare terms are the lower-cased words of the passage (title
                    // terms are added below, and are prefixed).
                    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                        const std::string& term = *t;
                        if (term.size() >= 4 && !(term[0] >= 'A' && term[0] <= 'Z') && letters_only(term) &&
                            !(has_stopwords && stopper(term)))
                            words.insert(term);
                    }
                }
                for (const TitleTerm& tt : title_terms) {
                    if (tt.positions.empty()) {
                        doc.add_term(tt.term, tt.wdf);
                    } else {
                        for (Xapian::termpos p : tt.positions) doc.add_posting(tt.term, p);
                    }
                }
                const std::string qterm = "Q" + safe_id + "#" + std::to_string(k + 1);
                doc.add_boolean_term(qterm);
                doc.add_boolean_term(doc_term);
                if (source && !source->empty()) doc.add_boolean_term("K" + term_safe(*source));
                doc.add_value(0, *id);
                if (date && !date->empty()) doc.add_value(1, *date);
                doc.add_value(2, title_stems);
                doc.set_data(record(*id, title, long(k + 1), parts[k], source, url, date));
                db.replace_document(qterm, doc);
            }
            for (Xapian::doccount k = Xapian::doccount(parts.size()) + 1; k <= before; ++k)
                db.delete_document("Q" + safe_id + "#" + std::to_string(k));
            passages += long(parts.size());
            for (const std::string& w : words) ++spell[w];
        }
        if (!split_only) {
            for (const auto& kv : spell) db.add_spelling(kv.first, kv.second);
            db.commit();
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "ref-index: " << e.get_description() << "\n";
        return 2;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "ref-index: " << docs << " documents, " << passages << " passages, " << skipped << " skipped, "
              << secs << " s\n";
    return skipped ? 1 : 0;
}
