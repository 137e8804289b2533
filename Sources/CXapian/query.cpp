// Query construction. Fundus parses query text itself and builds the tree
// here; Xapian's own QueryParser is exposed only for the plain baseline.
#include "internal.hpp"

#include <vector>

using namespace cxapian;

namespace {

cx_status_t make(cx_query_t **out, Xapian::Query q) {
    return guard([&] {
        require(out);
        *out = nullptr;
        *out = new cx_query{std::move(q)};
    });
}

}  // namespace

extern "C" {

cx_status_t cx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t position, cx_query_t **out) {
    return guard([&] {
        require(term, out);
        *out = nullptr;
        *out = new cx_query{Xapian::Query(std::string(term, len), wqf == 0 ? 1 : wqf, position)};
    });
}

cx_status_t cx_query_combine(cx_query_op_t op, const cx_query_t *const *subs, size_t count, uint32_t window,
                             cx_query_t **out) {
    return guard([&] {
        require(subs, out);
        *out = nullptr;
        std::vector<Xapian::Query> parts;
        parts.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            require(subs[i]);
            parts.push_back(subs[i]->query);
        }
        auto xop = static_cast<Xapian::Query::op>(op);
        *out = new cx_query{Xapian::Query(xop, parts.begin(), parts.end(), window)};
    });
}

cx_status_t cx_query_scale(const cx_query_t *q, double factor, cx_query_t **out) {
    return guard([&] {
        require(q, out);
        *out = nullptr;
        *out = new cx_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->query, factor)};
    });
}

cx_status_t cx_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion, cx_query_t **out) {
    return guard([&] {
        require(prefix, out);
        *out = nullptr;
        // Too many expansions is the user's problem to narrow, not a reason to
        // fail: keep the most frequent terms.
        *out = new cx_query{Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len), max_expansion,
                                          Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)};
    });
}

cx_status_t cx_query_value_range(uint32_t slot, const char *lo, const char *hi, cx_query_t **out) {
    return guard([&] {
        require(out);
        *out = nullptr;
        Xapian::Query q;
        if (lo && hi) q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
        else if (lo) q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        else if (hi) q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        else q = Xapian::Query::MatchAll;
        *out = new cx_query{q};
    });
}

cx_status_t cx_query_match_all(cx_query_t **out) { return make(out, Xapian::Query::MatchAll); }

cx_status_t cx_query_match_nothing(cx_query_t **out) { return make(out, Xapian::Query::MatchNothing); }

int cx_query_is_empty(const cx_query_t *q) { return !q || q->query.empty(); }

cx_status_t cx_query_describe(const cx_query_t *q, char **out, size_t *out_len) {
    return guard([&] {
        require(q, out);
        copy_out(q->query.get_description(), out, out_len);
    });
}

void cx_query_free(cx_query_t *q) { delete q; }

cx_status_t cx_query_parse(const cx_database_t *db, const char *text, const char *stem_language, int flags,
                           cx_query_t **out) {
    return guard([&] {
        require(text, out);
        *out = nullptr;
        Xapian::QueryParser qp;
        if (db) qp.set_database(*db->db);
        if (stem_language) {
            qp.set_stemmer(Xapian::Stem(stem_language));
            qp.set_stemming_strategy((flags & CX_PARSE_STEM_ALL_Z) ? Xapian::QueryParser::STEM_ALL_Z
                                                                    : Xapian::QueryParser::STEM_SOME);
        }
        *out = new cx_query{qp.parse_query(text)};
    });
}

}  // extern "C"
