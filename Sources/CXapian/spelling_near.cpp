// Typo candidates from the spelling data: the words within a few edits of a
// query word. Xapian's own get_spelling_suggestion returns one word, chosen
// by edit distance alone, and took 6.5 ms a word on the Debian corpus (it
// unions the postings of every letter triple); ranking several candidates
// by distance, frequency and the German lexicon needs them all, and a walk
// of the sorted words from a few likely starts finds them in a fraction of
// that.
#include "internal.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace cxapian;

namespace {

// Longest word compared, in code points; the spelling data holds words of
// at most 64 bytes.
constexpr size_t kMaxLetters = 64;

// Code points of a UTF-8 string into `out` (at most kMaxLetters); returns
// how many, or kMaxLetters + 1 for a longer string. A stray byte stands for
// itself.
size_t decode(const std::string &s, char32_t *out) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++n) {
        if (n == kMaxLetters) return kMaxLetters + 1;
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        if (i + len > s.size()) len = 1;
        char32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out[n] = cp;
        i += len;
    }
    return n;
}

// Edit distance where a swap of two neighbours counts as one edit (the
// "optimal string alignment" distance), or limit + 1 once it must exceed
// `limit`. Three rows on the stack: this runs for every word looked at.
unsigned distance(const char32_t *a, size_t n, const char32_t *b, size_t m, unsigned limit) {
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    unsigned rows[3][kMaxLetters + 1];
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<unsigned>(j);
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<unsigned>(i);
        unsigned rowMin = cur[0];
        for (size_t j = 1; j <= m; ++j) {
            unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
            cur[j] = d;
            rowMin = std::min(rowMin, d);
        }
        if (rowMin > limit) return limit + 1;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return std::min(prev[m], limit + 1);
}

std::string utf8(std::initializer_list<char32_t> cps) {
    std::string out;
    for (char32_t c : cps) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

// Where in the sorted spelling words a near word can start. Most typos leave
// the first two letters alone: the words starting with them are all looked
// at. A typo in the first two letters is reached through the first three
// letters the intended word would have: for a swap, a doubled or a dropped
// letter there is one such start; for a wrong or missing letter, one per
// letter of the alphabet. Short seeks into a B-tree, instead of a walk of
// every word with the same first letter.
std::vector<std::string> starts(const char32_t *q, size_t n) {
    static const char32_t alphabet[] = U"abcdefghijklmnopqrstuvwxyzäöüß";
    std::vector<std::string> out;
    out.push_back(utf8({q[0], q[1]}));
    if (n < 4) return out;
    out.push_back(utf8({q[0], q[2], q[3]}));  // a letter doubled or added at 1
    out.push_back(utf8({q[0], q[2], q[1]}));  // letters 1 and 2 swapped
    out.push_back(utf8({q[1], q[2], q[3]}));  // a letter added at 0
    out.push_back(utf8({q[1], q[0], q[2]}));  // letters 0 and 1 swapped
    for (const char32_t *x = alphabet; *x; ++x) {
        out.push_back(utf8({q[0], *x, q[2]}));  // a wrong letter at 1
        out.push_back(utf8({q[0], *x, q[1]}));  // a letter missing at 1
        out.push_back(utf8({*x, q[1], q[2]}));  // a wrong letter at 0
        out.push_back(utf8({*x, q[0], q[1]}));  // a letter missing at 0
    }
    // A three-letter start inside the two-letter one is walked already.
    const std::string &first = out[0];
    std::sort(out.begin() + 1, out.end());
    out.erase(std::unique(out.begin() + 1, out.end()), out.end());
    out.erase(std::remove_if(out.begin() + 1, out.end(),
                             [&](const std::string &p) { return p.compare(0, first.size(), first) == 0; }),
              out.end());
    return out;
}

void append(std::string &joined, const std::string &word, Xapian::doccount freq, unsigned dist) {
    joined += word;
    joined += '\t' + std::to_string(freq) + '\t' + std::to_string(dist);
    joined.push_back('\0');
}

}  // namespace

cx_status_t cx_database_spelling_near(const cx_database_t *db, const char *word, size_t len, unsigned max_distance,
                                      size_t max_scan, char **out, size_t *out_len, size_t *count) {
    return guard([&] {
        require(db, word, out, count);
        const std::string w(word, len);
        char32_t target[kMaxLetters + 1], other[kMaxLetters + 1];
        const size_t n = decode(w, target);
        std::string joined;
        *count = 0;
        if (n < 2 || n > kMaxLetters) {
            copy_out(joined, out, out_len);
            return;
        }
        size_t scanned = 0;
        for (const std::string &prefix : starts(target, n)) {
            Xapian::TermIterator t = db->db->spellings_begin();
            t.skip_to(prefix);
            for (; t != db->db->spellings_end() && scanned < max_scan; ++t, ++scanned) {
                const std::string candidate = *t;
                if (candidate.compare(0, prefix.size(), prefix) != 0) break;
                if (candidate == w) continue;
                size_t m = decode(candidate, other);
                if (m > kMaxLetters) continue;
                unsigned d = distance(target, n, other, m, max_distance);
                if (d > max_distance) continue;
                append(joined, candidate, t.get_termfreq(), d);
                ++*count;
            }
        }
        copy_out(joined, out, out_len);
    });
}
