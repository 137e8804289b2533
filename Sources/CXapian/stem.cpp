// Snowball stemmers.
#include "internal.hpp"

using namespace cxapian;

extern "C" {

cx_status_t cx_stem_new(const char *language, cx_stem_t **out) {
    return guard([&] {
        require(language, out);
        *out = nullptr;
        *out = new cx_stem{Xapian::Stem(language)};
    });
}

cx_status_t cx_stem_apply(const cx_stem_t *stem, const char *word, size_t len, char *buf, size_t cap,
                          size_t *out_len) {
    return guard([&] {
        require(stem, word, out_len);
        std::string s = stem->stem(std::string(word, len));
        *out_len = s.size();
        if (buf && s.size() < cap) {
            std::memcpy(buf, s.data(), s.size());
            buf[s.size()] = '\0';
        }
    });
}

void cx_stem_free(cx_stem_t *stem) { delete stem; }

}  // extern "C"
