// ref-analysis.hpp: Fundus's German analysis, ported to C++ for ref-index.
//
// A port of Sources/GermanAnalysis: Normalizer.swift (code point roles, NFC),
// Tokenizer.swift, Folding.swift, Stopwords.swift, Lexicon.swift,
// Decompounder.swift and Analyzer.swift (with a per-word cache like
// WordCache's, only unbounded), so that ref-index writes the terms Fundus writes. The Swift files are the
// specification: when they change, this file must follow, and comparing the
// two indexes (every term, wdf and position) shows where it did not.
//
// The Unicode tables (roles, folded forms, lower case, NFC data) are in
// ref-unicode.inc, generated from Fundus's own Normalizer and Folding by
// ref-unicode-gen.swift, so the port cannot disagree with Swift's Unicode data
// (NFC aside, where Foundation itself departs from Unicode: see Nfc).
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace refanalysis {

namespace tables {
struct ClassRange { char32_t lo, hi; unsigned char cls; };
struct Mapping { char32_t cp; const char* utf8; };
struct Ccc { char32_t cp; unsigned char ccc; };
struct Composition { char32_t a, b, c; };
#include "ref-unicode.inc"
}  // namespace tables

// ---------------------------------------------------------------------------
// Stage 1, Normalizer.swift: what each code point is to the tokenizer, and NFC.

enum Role : unsigned char { kWord = 0, kMark = 1, kInvisible = 2, kApostrophe = 3, kSeparator = 4 };
// Besides its role, a code point may keep a spelling word "letters only"
// (Swift's Character.isLetter of the grapheme it starts or extends), and may
// extend the grapheme before it (the passage splitter counts Characters).
constexpr unsigned char kLetterBit = 8, kExtendsBit = 16;

class CodePoints {
  public:
    CodePoints() : bmp_(0x10000, kSeparator) {
        // The BMP is looked up directly: German text is almost all in it, and
        // a binary search per code point would show in the profile.
        for (char32_t c = 0; c < 0x80; ++c) bmp_[c] = ascii(c);
        for (const auto& r : tables::kClasses)
            for (char32_t c = r.lo; c <= r.hi && c < 0x10000; ++c) bmp_[c] = r.cls;
    }

    unsigned char cls(char32_t v) const {
        if (v < 0x10000) return bmp_[v];
        const auto* end = std::end(tables::kClasses);
        const auto* it = std::upper_bound(std::begin(tables::kClasses), end, v,
                                          [](char32_t x, const tables::ClassRange& r) { return x < r.lo; });
        if (it == std::begin(tables::kClasses)) return kSeparator;
        --it;
        return v <= it->hi ? it->cls : static_cast<unsigned char>(kSeparator);
    }
    Role role(char32_t v) const { return Role(cls(v) & 7); }
    bool extends(char32_t v) const { return cls(v) & kExtendsBit; }

    // NFC could change a word holding this code point: only then is it worth composing.
    bool may_compose(char32_t v) const { return v >= 0x300 && (role(v) == kMark || (v >= 0x1100 && v <= 0x11FF)); }

  private:
    static unsigned char ascii(char32_t c) {
        if (c >= '0' && c <= '9') return kWord;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return kWord | kLetterBit;
        if (c == '\'') return kApostrophe;
        return kSeparator;
    }
    std::vector<unsigned char> bmp_;
};

// Decodes the code point at i; the text is valid UTF-8 (as a Swift string is),
// so the lead byte tells the length. Tokenizer.decode.
inline char32_t decode_at(const unsigned char* s, size_t i, size_t& len) {
    unsigned b0 = s[i];
    if (b0 < 0x80) { len = 1; return b0; }
    if (b0 < 0xE0) { len = 2; return (b0 & 0x1F) << 6 | (s[i + 1] & 0x3F); }
    if (b0 < 0xF0) { len = 3; return (b0 & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F); }
    len = 4;
    return (b0 & 0x07) << 18 | (s[i + 1] & 0x3F) << 12 | (s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
}

inline void append_utf8(std::string& out, char32_t v) {
    if (v < 0x80) {
        out += char(v);
    } else if (v < 0x800) {
        out += char(0xC0 | v >> 6);
        out += char(0x80 | (v & 0x3F));
    } else if (v < 0x10000) {
        out += char(0xE0 | v >> 12);
        out += char(0x80 | (v >> 6 & 0x3F));
        out += char(0x80 | (v & 0x3F));
    } else {
        out += char(0xF0 | v >> 18);
        out += char(0x80 | (v >> 12 & 0x3F));
        out += char(0x80 | (v >> 6 & 0x3F));
        out += char(0x80 | (v & 0x3F));
    }
}

template <size_t N>
const char* find_mapping(const tables::Mapping (&table)[N], char32_t v) {
    const auto* it = std::lower_bound(std::begin(table), std::end(table), v,
                                      [](const tables::Mapping& m, char32_t x) { return m.cp < x; });
    return it != std::end(table) && it->cp == v ? it->utf8 : nullptr;
}

// Unicode NFC (Foundation's precomposedStringWithCanonicalMapping), the
// textbook way: decompose, order the marks, compose. Hangul by arithmetic.
// Where Foundation (Swift 6.3, Linux) departs from Unicode, this follows
// Unicode: it composes a Hangul LV syllable with a trailing consonant, puts
// the marks of a decomposed U+0F73/0F75/0F81 in canonical order, and does not
// read a non-BMP letter as a BMP one (Foundation turns U+10430 U+0306 into
// U+04D1). None of that occurs in German text; a fuzz test of 200,000 random
// strings found no other difference in tokens, folded forms or spelling words.
class Nfc {
  public:
    Nfc() {
        for (const auto& c : tables::kCcc) ccc_[c.cp] = c.ccc;
        std::unordered_set<char32_t> composites;
        for (const auto& c : tables::kCompositions) {
            pairs_[key(c.a, c.b)] = c.c;
            composites.insert(c.c);
        }
        for (const auto& d : tables::kDecomposition)
            if (!composites.count(d.cp)) unstable_.insert(d.cp);
    }

    // NFC changes no code point that is neither a mark (nor a Hangul jamo)
    // nor one that decomposes for good (U+212B ANGSTROM SIGN, say).
    bool changes(char32_t v, const CodePoints& cp) const { return cp.may_compose(v) || unstable_.count(v); }

    std::vector<char32_t> operator()(const std::vector<char32_t>& in) const {
        std::vector<char32_t> d;
        for (char32_t v : in) decompose(v, d);
        // Canonical order: a stable sort of each run of marks by combining class.
        for (size_t i = 1; i < d.size(); ++i)
            for (size_t j = i; j > 0 && ccc(d[j]) != 0 && ccc(d[j - 1]) > ccc(d[j]); --j) std::swap(d[j], d[j - 1]);
        if (d.empty()) return d;
        size_t starter = 0, out = 1;
        int last = ccc(d[0]) ? 256 : 0;  // a leading mark blocks everything after it
        for (size_t i = 1; i < d.size(); ++i) {
            char32_t ch = d[i];
            int cc = ccc(ch);
            char32_t composite = compose(d[starter], ch);
            if (composite && (last < cc || last == 0)) {
                d[starter] = composite;
            } else {
                if (cc == 0) starter = out;
                last = cc;
                d[out++] = ch;
            }
        }
        d.resize(out);
        return d;
    }

  private:
    static constexpr char32_t SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    static constexpr int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    static uint64_t key(char32_t a, char32_t b) { return uint64_t(a) << 32 | b; }
    int ccc(char32_t v) const {
        auto it = ccc_.find(v);
        return it == ccc_.end() ? 0 : it->second;
    }
    void decompose(char32_t v, std::vector<char32_t>& out) const {
        if (v >= SBase && v < SBase + SCount) {
            char32_t s = v - SBase;
            out.push_back(LBase + s / NCount);
            out.push_back(VBase + (s % NCount) / TCount);
            if (s % TCount) out.push_back(TBase + s % TCount);
            return;
        }
        const char* d = find_mapping(tables::kDecomposition, v);
        if (!d) {
            out.push_back(v);
            return;
        }
        auto* p = reinterpret_cast<const unsigned char*>(d);
        for (size_t i = 0, len; p[i]; i += len) out.push_back(decode_at(p, i, len));
    }
    char32_t compose(char32_t a, char32_t b) const {
        if (a >= LBase && a < LBase + LCount && b >= VBase && b < VBase + VCount)
            return SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
        if (a >= SBase && a < SBase + SCount && (a - SBase) % TCount == 0 && b > TBase && b < TBase + TCount)
            return a + (b - TBase);
        auto it = pairs_.find(key(a, b));
        return it == pairs_.end() ? 0 : it->second;
    }
    std::unordered_map<char32_t, int> ccc_;
    std::unordered_map<uint64_t, char32_t> pairs_;
    std::unordered_set<char32_t> unstable_;
};

// ---------------------------------------------------------------------------
// Stage 2, Tokenizer.swift: words as byte ranges of the text.
//
// A word is a run of word characters and marks; invisible characters and
// apostrophes join only when a word character follows them.

struct Range { size_t begin, end; };

template <class Body>
void for_each_word(const CodePoints& cp, const std::string& text, Body body) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0, len;
    while (i < n) {
        if (cp.role(decode_at(s, i, len)) != kWord) {
            i += len;
            continue;
        }
        const size_t start = i;
        i += len;
        size_t end = i;
        while (i < n) {
            Role r = cp.role(decode_at(s, i, len));
            if (r == kWord || r == kMark) {
                i += len;
                end = i;
            } else if (r == kInvisible || r == kApostrophe) {
                size_t j = i + len;
                while (j < n) {
                    Role rj = cp.role(decode_at(s, j, len));
                    if (rj == kInvisible || rj == kApostrophe) j += len;
                    else break;
                }
                if (j >= n || cp.role(decode_at(s, j, len)) != kWord) break;
                i = j;
            } else {
                break;
            }
        }
        body(Range{start, end});
        i = end;
    }
}

// ---------------------------------------------------------------------------
// Stage 3, Folding.swift: the folded form (Token.exact). Lower case, ä -> ae,
// ß -> ss, other Latin diacritics dropped; invisible characters and
// apostrophes dropped, and NFC first when a mark could change the word.

class Folder {
  public:
    explicit Folder(const CodePoints& cp) : cp_(cp) {}

    std::string operator()(const char* word, size_t n) const {
        std::string out;
        const auto* s = reinterpret_cast<const unsigned char*>(word);
        bool plain = true;  // most words: ASCII without an apostrophe, folded byte by byte
        for (size_t k = 0; k < n && plain; ++k) plain = s[k] < 0x80 && s[k] != '\'';
        if (plain) {
            out.resize(n);
            for (size_t k = 0; k < n; ++k) out[k] = char(unsigned(s[k] - 'A') < 26 ? s[k] | 0x20 : s[k]);
            return out;
        }
        std::vector<char32_t> scalars;
        bool needs_nfc = false;
        for (size_t i = 0, len; i < n; i += len) {
            char32_t v = decode_at(s, i, len);
            Role r = cp_.role(v);
            if (r == kInvisible || r == kApostrophe) continue;
            needs_nfc = needs_nfc || cp_.may_compose(v);
            scalars.push_back(v);
        }
        if (needs_nfc) scalars = nfc_(scalars);
        out.reserve(n + 4);
        for (char32_t v : scalars) {
            if (v < 0x80) {
                out += char(v - 'A' < 26u ? v | 0x20 : v);
            } else if (const char* f = find_mapping(tables::kFold, v)) {
                out += f;
            } else {
                append_utf8(out, v);
            }
        }
        return out;
    }
    std::string operator()(const std::string& w) const { return (*this)(w.data(), w.size()); }

  private:
    const CodePoints& cp_;
    Nfc nfc_;
};

// Swift's String.lowercased() (per code point) and "every Character is a
// letter", for the spelling words, which keep their original letters.
inline bool letters_only(const CodePoints& cp, const std::string& w) {
    const auto* s = reinterpret_cast<const unsigned char*>(w.data());
    for (size_t i = 0, len; i < w.size(); i += len)
        if (!(cp.cls(decode_at(s, i, len)) & kLetterBit)) return false;
    return true;
}

inline std::string lowercased(const std::string& w) {
    std::string out;
    out.reserve(w.size());
    const auto* s = reinterpret_cast<const unsigned char*>(w.data());
    for (size_t i = 0, len; i < w.size(); i += len) {
        char32_t v = decode_at(s, i, len);
        if (v < 0x80) out += char(v - 'A' < 26u ? v | 0x20 : v);
        else if (const char* l = find_mapping(tables::kLower, v)) out += l;
        else out.append(w, i, len);
    }
    return out;
}

// Swift compares strings by canonical equivalence, so IndexWriter's spelling
// set and counts hold "dru\u0308cken" and "drücken" as one word, spelt as it
// came first. This is the key that makes them one here: the word's NFC.
class CanonicalKey {
  public:
    explicit CanonicalKey(const CodePoints& cp) : cp_(cp) {}
    std::string operator()(const std::string& w) const {
        const auto* s = reinterpret_cast<const unsigned char*>(w.data());
        std::vector<char32_t> scalars;
        bool changes = false;
        for (size_t i = 0, len; i < w.size(); i += len) {
            scalars.push_back(decode_at(s, i, len));
            changes = changes || (scalars.back() >= 0x80 && nfc_.changes(scalars.back(), cp_));
        }
        if (!changes) return w;
        std::string out;
        for (char32_t v : nfc_(scalars)) append_utf8(out, v);
        return out;
    }

  private:
    const CodePoints& cp_;
    Nfc nfc_;
};

// ---------------------------------------------------------------------------
// Word lists: Stopwords.swift and Lexicon.swift. Both fold their words, so
// "daß" and "dass", "Straße" and "strasse" are one entry.

using WordSet = std::unordered_set<std::string>;

// One word a line; surrounding blanks trimmed, '#' lines and empty ones
// skipped (Lexicon.init(text:); the stopword file has neither).
inline bool load_words(const std::string& path, const Folder& fold, WordSet& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::string line;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (std::getline(f, line)) {
        size_t lo = 0, hi = line.size();
        while (lo < hi && space(line[lo])) ++lo;
        while (hi > lo && space(line[hi - 1])) --hi;
        if (lo == hi || line[lo] == '#') continue;
        std::string w = fold(line.data() + lo, hi - lo);
        if (!w.empty()) out.insert(std::move(w));
    }
    return true;
}

// ---------------------------------------------------------------------------
// Stage 4, Decompounder.swift: compound splitting with the lexicon.
//
// Indexes are byte offsets into the folded word, which is plain a-z by then.

class Decompounder {
  public:
    Decompounder(const WordSet& lexicon, const WordSet& stopwords) : lexicon_(lexicon), stopwords_(stopwords) {}

    // Every part worth a term, left to right: the finest split plus each run
    // of neighbouring parts that is itself a word (Decompounder.decompose).
    std::vector<std::string> decompose(const std::string& w) const {
        std::vector<std::string> out;
        std::vector<Piece> pieces;
        if (!best_split(w, 0, w.size(), pieces)) return out;
        pieces = refine(w, pieces, 1);
        const size_t count = pieces.size();
        for (size_t i = 0; i < count; ++i) {
            // Longer runs first, the whole word excepted.
            for (size_t j = count; j >= i + 2; --j) {
                if (i == 0 && j == count) continue;
                Span run{pieces[i].start, j == count ? w.size() : pieces[j].start};
                Span form;
                if (j == count ? head(w, run, form) : modifier(w, run, form, nullptr))
                    out.push_back(w.substr(form.lo, form.hi - form.lo));
            }
            out.push_back(w.substr(pieces[i].form.lo, pieces[i].form.hi - pieces[i].form.lo));
        }
        return out;
    }

  private:
    static constexpr size_t kMinWord = 8, kMinPart = 3, kMinReducedHead = 4, kMaxWord = 64, kMaxDepth = 3;

    struct Span {
        size_t lo = 0, hi = 0;
        size_t size() const { return hi - lo; }
        bool operator==(const Span& o) const { return lo == o.lo && hi == o.hi; }
    };
    // Where a part's surface starts (it runs to the next part, linking
    // element included) and its lexicon form.
    struct Piece { size_t start; Span form; };

    // A split being built, and what ranks it: fewer parts, then fewer linking
    // letters, then longer early parts.
    struct Candidate {
        bool valid = false;
        std::vector<Span> parts;
        std::vector<size_t> spans;  // surface lengths, linking elements included
        int linker_letters = 0;
        bool ranks_before(const Candidate& o) const {
            if (parts.size() != o.parts.size()) return parts.size() < o.parts.size();
            if (linker_letters != o.linker_letters) return linker_letters < o.linker_letters;
            for (size_t k = 0; k < spans.size() && k < o.spans.size(); ++k)
                if (spans[k] != o.spans[k]) return spans[k] > o.spans[k];
            return false;
        }
    };

    static const std::vector<std::string>& linkers() {
        static const std::vector<std::string> v{"s", "n", "e", "es", "en", "er"};
        return v;
    }
    static const std::vector<std::string>& endings() {
        static const std::vector<std::string> v{"s", "n", "e", "es", "en", "er", "ern"};
        return v;
    }
    // Heads that are also the participle ending -end-: only after a
    // modifier that ends like a noun.
    static bool participle_head(const std::string& w, size_t from, size_t to) {
        static const WordSet heads{"end", "ende", "enden", "ender", "endes", "endem"};
        return heads.count(w.substr(from, to - from)) > 0;
    }
    // Prefixes and verb particles that are not parts, beyond the stopwords.
    static const WordSet& non_parts() {
        static const WordSet v{"be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "un", "ur",
                               "zurueck", "fort", "her", "hin", "dar", "voran", "vorbei", "heraus", "herein", "hinaus",
                               "hinein", "herunter", "hinunter", "herauf", "hinauf", "zusammen", "entgegen", "empor",
                               "nieder", "hervor", "hinzu", "voraus", "vorher", "vorab", "herum", "heran", "herab",
                               "hinweg", "runter", "rauf", "raus", "ueberein"};
        return v;
    }

    static bool ends_with(const std::string& w, Span s, const std::string& suffix) {
        return s.size() >= suffix.size() && w.compare(s.hi - suffix.size(), suffix.size(), suffix) == 0;
    }

    bool is_part(const std::string& w, Span s) const {
        if (s.size() < kMinPart) return false;
        std::string p = w.substr(s.lo, s.size());
        return lexicon_.count(p) && !non_parts().count(p) && !stopwords_.count(p);
    }

    // The lexicon form of a modifier span and the linking letters it drops.
    bool modifier(const std::string& w, Span span, Span& form, int* linker_letters) const {
        if (is_part(w, span)) {
            form = span;
            if (linker_letters) *linker_letters = 0;
            return true;
        }
        for (const std::string& l : linkers()) {
            if (!ends_with(w, span, l)) continue;
            Span f{span.lo, span.hi - l.size()};
            if (is_part(w, f)) {
                form = f;
                if (linker_letters) *linker_letters = int(l.size());
                return true;
            }
        }
        return false;
    }

    // The lexicon form of a head, perhaps without its inflection ending.
    bool head(const std::string& w, Span span, Span& form) const {
        if (is_part(w, span)) {
            form = span;
            return true;
        }
        for (const std::string& e : endings()) {
            if (!ends_with(w, span, e)) continue;
            Span f{span.lo, span.hi - e.size()};
            if (f.size() >= kMinReducedHead && is_part(w, f)) {
                form = f;
                return true;
            }
        }
        return false;
    }

    bool ends_like_noun(const std::string& w, Span span, Span form) const {
        if (!(form == span)) return true;
        char last = w[span.hi - 1];
        if (last == 'a' || last == 'e' || last == 'i' || last == 'o' || last == 'u' || last == 'y') return true;
        for (const std::string& l : linkers())
            if (ends_with(w, span, l) && is_part(w, Span{span.lo, span.hi - l.size()})) return true;
        return false;
    }

    // Long enough, plain letters, and not an inflected form of a short word
    // ("zugriffs" is "zugriff" + s, not "zug" + "riffs").
    bool is_candidate(const std::string& w, Span s) const {
        const size_t n = s.size();
        if (n < kMinWord || n > kMaxWord) return false;
        for (size_t k = s.lo; k < s.hi; ++k)
            if (w[k] < 'a' || w[k] > 'z') return false;
        for (const std::string& e : endings())
            if (n - e.size() < kMinWord && ends_with(w, s, e) && lexicon_.count(w.substr(s.lo, n - e.size())))
                return false;
        return true;
    }

    // The best split of w[lo, hi), with offsets into w (bestSplit).
    bool best_split(const std::string& w, size_t lo, size_t hi, std::vector<Piece>& pieces) const {
        if (!is_candidate(w, Span{lo, hi})) return false;
        const size_t n = hi - lo;
        // Where a participle-like head could start: only there does it matter
        // how the modifier before it ends.
        std::vector<bool> participle_start(n + 1, false);
        for (size_t s = n - 5; s <= n - 3; ++s) participle_start[s] = participle_head(w, lo + s, hi);
        // best[i]: the best split of the first i letters into modifiers;
        // linked[i]: the best whose last modifier ends like a noun.
        std::vector<Candidate> best(n + 1), linked(n + 1);
        best[0].valid = true;
        for (size_t end = kMinPart; end <= n - kMinPart; ++end) {
            for (size_t start = 0; start + kMinPart <= end; ++start) {
                if (!best[start].valid) continue;
                Span form;
                int linker_letters;
                if (!modifier(w, Span{lo + start, lo + end}, form, &linker_letters)) continue;
                Candidate next = best[start];
                next.parts.push_back(form);
                next.spans.push_back(end - start);
                next.linker_letters += linker_letters;
                if (participle_start[end] && ends_like_noun(w, Span{lo + start, lo + end}, form) &&
                    (!linked[end].valid || next.ranks_before(linked[end])))
                    linked[end] = next;
                if (!best[end].valid || next.ranks_before(best[end])) best[end] = std::move(next);
            }
        }
        // Fewest parts first, then the longest head, i.e. the earliest start.
        Candidate winner;
        for (size_t start = kMinPart; start <= n - kMinPart; ++start) {
            if (!best[start].valid) continue;
            Span h;
            if (!head(w, Span{lo + start, hi}, h)) continue;
            const Candidate& before = participle_start[start] ? linked[start] : best[start];
            if (!before.valid) continue;
            if (!winner.valid || before.parts.size() + 1 < winner.parts.size()) {
                winner = before;
                winner.parts.push_back(h);
            }
        }
        if (!winner.valid) return false;
        pieces.clear();
        size_t start = lo;
        for (size_t k = 0; k < winner.parts.size(); ++k) {
            pieces.push_back(Piece{start, winner.parts[k]});
            if (k < winner.spans.size()) start += winner.spans[k];
        }
        return true;
    }

    // Replaces each piece that is a compound by its own pieces.
    std::vector<Piece> refine(const std::string& w, const std::vector<Piece>& pieces, size_t depth) const {
        if (depth >= kMaxDepth) return pieces;
        std::vector<Piece> out, inner;
        for (const Piece& p : pieces) {
            if (!best_split(w, p.form.lo, p.form.hi, inner)) {
                out.push_back(p);
                continue;
            }
            for (const Piece& q : refine(w, inner, depth + 1)) out.push_back(q);
        }
        return out;
    }

    const WordSet& lexicon_;
    const WordSet& stopwords_;
};

// ---------------------------------------------------------------------------
// Analyzer.swift: per word, the folded form, its german2 stem, and the stems
// of its compound parts that differ from the word's stem (in order, once).

struct Token {
    Range range;
    Xapian::termpos position;
    const std::string* exact;  // owned by the Analyzer's cache
    const std::vector<std::string>* stem_and_parts;  // [0] the stem, then the part stems
    bool stopword;
};

class Analyzer {
  public:
    Analyzer(const WordSet& lexicon, const WordSet& stopwords)
        : fold_(cp_), stopwords_(stopwords), decompounder_(lexicon, stopwords), stemmer_("german2") {}

    const CodePoints& code_points() const { return cp_; }
    const Folder& folder() const { return fold_; }

    // Tokens of a text, positions from 1. Like WordCache, everything about a
    // folded word that does not depend on where it stands is worked out once
    // (here for the whole run: a corpus has a few hundred thousand words).
    void analyze(const std::string& text, std::vector<Token>& tokens) {
        tokens.clear();
        Xapian::termpos position = 1;
        for_each_word(cp_, text, [&](Range r) {
            std::string exact = fold_(text.data() + r.begin, r.end - r.begin);
            auto it = cache_.find(exact);
            if (it == cache_.end()) it = cache_.emplace(exact, analyze_word(exact)).first;
            tokens.push_back(Token{r, position++, &it->first, &it->second.stem_and_parts, it->second.stopword});
        });
    }

    std::string stem(const std::string& w) const { return stemmer_(w); }

  private:
    struct Entry {
        std::vector<std::string> stem_and_parts;
        bool stopword;
    };

    Entry analyze_word(const std::string& exact) const {
        Entry e;
        e.stem_and_parts.push_back(stemmer_(exact));
        for (const std::string& part : decompounder_.decompose(exact)) {
            std::string s = stemmer_(part);
            if (std::find(e.stem_and_parts.begin(), e.stem_and_parts.end(), s) == e.stem_and_parts.end())
                e.stem_and_parts.push_back(std::move(s));
        }
        e.stopword = stopwords_.count(exact) > 0;
        return e;
    }

    CodePoints cp_;
    Folder fold_;
    const WordSet& stopwords_;
    Decompounder decompounder_;
    Xapian::Stem stemmer_;
    std::unordered_map<std::string, Entry> cache_;
};

}  // namespace refanalysis
