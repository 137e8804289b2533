// ref-index: the C++ reference indexer for Tools/bench.
//
// It writes the index Fundus writes, straight on libxapian, with no Swift in
// between: the same passages (PassageSplitter's rules, ported below), one
// Xapian document per passage, and the same terms, positions and wdf, because
// Fundus's German analysis is ported too (ref-analysis.hpp: a port of
// Sources/GermanAnalysis/Tokenizer.swift, Normalizer.swift, Folding.swift,
// Stopwords.swift, Lexicon.swift, Decompounder.swift and Analyzer.swift, with
// Xapian's Stem("german2") on the folded word). Which terms a word gives and
// how a passage document is put together follow TermMapping.swift and
// IndexWriter.makeDocument: body words as folded terms (positions for stopwords only), Z +
// stem and P + compound part stems at the word's position (stopwords: the
// folded term only); title words as S + folded term with positions, ZS +
// stem and part stems and Z + stem without positions; the same boolean terms
// (Q id#n, I id, K source), value slots (0 id, 1 date, 2 title stems and parts), document
// data (the passage record as JSON with sorted keys), lexicon metadata and
// spelling data. Left out: the per-document states (D:/H: metadata) that make
// Fundus's ingest incremental. So ref-index's time is the single-thread limit
// of this index design, and "Fundus / ref-index" in the benchmark is what
// Fundus's Swift layers cost on top of the same work.
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
// --stopwords: one word a line (folded on loading, as Stopwords.swift does);
// Tools/bench writes Stopwords.swift's list. Without it there are none.
// --lexicon: the compound lexicon (Index/lexicon/de.txt), folded on loading;
// it is also stored in the index as IndexWriter stores it. Without it,
// compounds are not split (as fundus-ingest with an empty lexicon).
// --spelling: spelling data as IndexWriter writes it: each passage word of
// 4 to 200 bytes, letters only, not a stopword, lower case, counted once per
// document, written at commit.
//
// Build: g++ -O2 -std=c++17 ref-index.cpp $(pkg-config --cflags --libs xapian-core)
// (it includes ref-analysis.hpp, ref-unicode.inc and ../reference/json.h).
//
// Exit status: 0 all indexed, 1 some lines skipped (stderr), 2 usage or I/O error.
#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "../reference/json.h"
#include "ref-analysis.hpp"

namespace {

// ---------------------------------------------------------------------------
// Passage splitting: a port of Sources/FundusCore/Index/PassageSplitter.
//
// Swift counts Characters (extended grapheme clusters). We approximate a
// Character by a code point plus whatever extends a grapheme after it
// (combining and spacing marks, variation selectors, ZWJ: the generated
// table's "extends" bit, so a Thai vowel sign after a space counts as Swift
// counts it), with "\r\n" as one Character; Hangul syllable sequences and
// prepended marks are left out, which German text does not miss.
// Character.isWhitespace is the Unicode White_Space property of its first
// scalar. If the two splitters ever disagree, the harness shows it: it
// compares the passage counts of both indexes.

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

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

bool is_white(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

std::vector<Char> characters(const std::string& s, const refanalysis::CodePoints& cp) {
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
                if (n < 0x20 || (!joined && !cp.extends(n))) break;  // never across a control (GB5)
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
    Splitter(size_t max_chars, size_t join_below, const refanalysis::CodePoints& cp)
        : max_(max_chars < 20 ? 20 : max_chars), join_(join_below), cp_(cp) {}

    std::vector<std::string> split(const std::string& text) {
        s_ = &text;
        c_ = characters(text, cp_);
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
    const refanalysis::CodePoints& cp_;

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

uint64_t fnv1a64(const std::string& s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x00000100000001B3ULL;
    }
    return h;
}

std::string term_safe(const std::string& v) {
    const size_t max_bytes = 180;
    if (v.size() <= max_bytes) return v;
    size_t n = max_bytes - 20;
    // do not cut a UTF-8 sequence in half
    while (n > 0 && (static_cast<unsigned char>(v[n - 1]) & 0xC0) == 0x80) --n;
    if (n > 0 && static_cast<unsigned char>(v[n - 1]) >= 0xC0) --n;
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(v)));
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

// Schema.Prefix and Schema.maxWordBytes: longer words are not indexed, so
// that with a prefix they stay under Xapian's 245-byte term limit.
const size_t kMaxWordBytes = 200;

// A title's terms, worked out once per document and copied into each of its
// passages; position 0 means a term without positions (Document.add_term).
struct Posting {
    std::string term;
    Xapian::termpos position;
};

void add(Xapian::Document& doc, const Posting& p) {
    if (p.position == 0) doc.add_term(p.term);
    else doc.add_posting(p.term, p.position);
}

// TermMapping.forEachTitleTerm plus the Z title stems of makeDocument.
std::vector<Posting> title_postings(const std::vector<refanalysis::Token>& tokens) {
    std::vector<Posting> out;
    for (const refanalysis::Token& t : tokens) {
        if (t.exact->size() > kMaxWordBytes) continue;
        out.push_back({"S" + *t.exact, t.position});  // positions for title phrases
        if (t.stopword) continue;
        for (const std::string& s : *t.stem_and_parts) out.push_back({"ZS" + s, 0});
        // So a query split between title and passage still finds the passage.
        out.push_back({"Z" + t.stem_and_parts->front(), 0});
    }
    return out;
}

// Slot 2 (Schema.Slot.titleStemsValue): a 0x1F mark, then the title's stems,
// stopwords aside, once each, space-separated, each followed by its part
// stems behind a 0x1F each. Long words count here.
std::string title_stems_value(const std::vector<refanalysis::Token>& tokens) {
    std::vector<std::string> seen;
    std::string out = "\x1f";
    for (const refanalysis::Token& t : tokens) {
        const std::vector<std::string>& sp = *t.stem_and_parts;
        if (t.stopword || std::find(seen.begin(), seen.end(), sp.front()) != seen.end()) continue;
        if (!seen.empty()) out += ' ';
        seen.push_back(sp.front());
        out += sp.front();
        for (size_t j = 1; j < sp.size(); ++j) out += "\x1f" + sp[j];
    }
    return out;
}

// IndexWriter.storeLexicon: one "L:" key per folded word, and an order-free
// fingerprint (count, then the wrapping sum of the words' FNV-1a hashes in hex).
void store_lexicon(Xapian::WritableDatabase& db, const refanalysis::WordSet& lexicon) {
    uint64_t sum = 0;
    for (const std::string& w : lexicon) {
        db.set_metadata("L:" + w, "1");
        sum += fnv1a64(w);
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(sum));
    db.set_metadata("fundus.lexicon.hash", std::to_string(lexicon.size()) + "-" + hex);
}

// Foundation's JSONSerialization (Linux) builds a string from the raw runs
// between escapes, and each run loses a leading byte order mark: "\uFEFF"
// right after the opening quote or after an escape is dropped, elsewhere it
// stays. Fundus reads JSON Lines with it, so the same marks go here, before
// parsing, or passages would hold other text (and count other characters).
std::string drop_run_boms(const std::string& line) {
    static const char bom[] = "\xEF\xBB\xBF";
    std::string out;
    out.reserve(line.size());
    bool in_string = false;
    for (size_t i = 0; i < line.size();) {
        char c = line[i];
        if (!in_string) {
            out += c;
            ++i;
            in_string = c == '"';
        } else if (c == '"') {
            out += c;
            ++i;
            in_string = false;
        } else if (c == '\\' && i + 1 < line.size()) {
            size_t len = line[i + 1] == 'u' ? 6 : 2;
            out.append(line, i, len);
            i += len;
        } else {
            out += c;
            ++i;
            continue;
        }
        // After an opening quote or an escape, a new run starts.
        if (in_string && line.compare(i, 3, bom) == 0) i += 3;
    }
    return out;
}

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
    // The word lists are folded by the analyzer's folder, so they are loaded
    // after it exists; the analyzer only keeps references to them.
    refanalysis::WordSet lexicon, stopwords;
    refanalysis::Analyzer analyzer(lexicon, stopwords);
    Splitter splitter(max_chars, join_below, analyzer.code_points());
    for (auto [file, set] : {std::make_pair(&lexfile, &lexicon), std::make_pair(&stopfile, &stopwords)}) {
        if (!split_only && !file->empty() && !refanalysis::load_words(*file, analyzer.folder(), *set)) {
            std::cerr << "ref-index: cannot open " << *file << "\n";
            return 2;
        }
    }
    try {
        Xapian::WritableDatabase db;
        // Spelling words by their canonical key (see CanonicalKey): the
        // word as first seen, and in how many documents.
        refanalysis::CanonicalKey canonical(analyzer.code_points());
        std::map<std::string, std::pair<std::string, Xapian::termcount>> spell;
        if (!split_only) {
            db = Xapian::WritableDatabase(dbdir, Xapian::DB_CREATE_OR_OPEN);
            db.set_metadata("fundus.schema", "1");
            if (!lexicon.empty()) store_lexicon(db, lexicon);
        }
        std::vector<refanalysis::Token> title_tokens, tokens;
        std::string line;
        while (std::getline(in, line)) {
            ++lineno;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            std::map<std::string, std::string> f;
            try {
                f = plainjson::Parser(drop_run_boms(line)).parse_object();
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
            // The title is analysed once per document, as Fundus does, and its
            // terms go into every passage.
            analyzer.analyze(title ? *title : std::string(), title_tokens);
            const std::vector<Posting> title_terms = title_postings(title_tokens);
            const std::string title_stems = title_stems_value(title_tokens);
            std::map<std::string, std::string> words;  // this document's spelling words, by canonical key
            for (size_t k = 0; k < parts.size(); ++k) {
                const std::string& passage = parts[k];
                Xapian::Document doc;
                analyzer.analyze(passage, tokens);
                for (const refanalysis::Token& t : tokens) {
                    // TermMapping.forEachBodyTerm: the folded word (its position
                    // only for a stopword), and unless it is a stopword its stem
                    // and part stems, at its position.
                    if (t.exact->size() <= kMaxWordBytes) {
                        if (t.stopword) doc.add_posting(*t.exact, t.position);
                        else doc.add_term(*t.exact);
                        if (!t.stopword) {
                            const std::vector<std::string>& sp = *t.stem_and_parts;
                            doc.add_posting("Z" + sp[0], t.position);
                            for (size_t j = 1; j < sp.size(); ++j) doc.add_posting("P" + sp[j], t.position);
                        }
                    }
                    // Suggestions must read as people write: original letters, lower case.
                    const size_t bytes = t.range.end - t.range.begin;
                    if (spelling && !t.stopword && bytes >= 4 && bytes <= kMaxWordBytes) {
                        std::string word = passage.substr(t.range.begin, bytes);
                        if (refanalysis::letters_only(analyzer.code_points(), word)) {
                            std::string lower = refanalysis::lowercased(word);
                            words.emplace(canonical(lower), std::move(lower));
                        }
                    }
                }
                for (const Posting& p : title_terms) add(doc, p);
                const std::string qterm = "Q" + safe_id + "#" + std::to_string(k + 1);
                doc.add_boolean_term(qterm);
                doc.add_boolean_term(doc_term);
                if (source && !source->empty()) doc.add_boolean_term("K" + term_safe(*source));
                doc.add_value(0, *id);
                if (date && !date->empty()) doc.add_value(1, *date);
                doc.add_value(2, title_stems);
                doc.set_data(record(*id, title, long(k + 1), passage, source, url, date));
                db.replace_document(qterm, doc);
            }
            for (Xapian::doccount k = Xapian::doccount(parts.size()) + 1; k <= before; ++k)
                db.delete_document("Q" + safe_id + "#" + std::to_string(k));
            passages += long(parts.size());
            for (const auto& [key, word] : words) {
                auto it = spell.emplace(key, std::make_pair(word, 0)).first;
                ++it->second.second;
            }
        }
        if (!split_only) {
            for (const auto& kv : spell) db.add_spelling(kv.second.first, kv.second.second);
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
