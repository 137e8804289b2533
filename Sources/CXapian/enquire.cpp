// Running a query: weighting, collapsing, sorting, and reading the results.
#include "internal.hpp"

using namespace cxapian;

extern "C" {

cx_status_t cx_enquire_new(const cx_database_t *db, cx_enquire_t **out) {
    return guard([&] {
        require(db, out);
        *out = nullptr;
        *out = new cx_enquire(*db->db);
    });
}

void cx_enquire_free(cx_enquire_t *enq) { delete enq; }

cx_status_t cx_enquire_set_query(cx_enquire_t *enq, const cx_query_t *q) {
    return guard([&] {
        require(enq, q);
        enq->enquire.set_query(q->query);
    });
}

cx_status_t cx_enquire_set_bm25(cx_enquire_t *enq, double k1, double k2, double k3, double b, double min_normlen) {
    return guard([&] {
        require(enq);
        enq->enquire.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
}

cx_status_t cx_enquire_set_collapse_key(cx_enquire_t *enq, uint32_t slot, uint32_t max) {
    return guard([&] {
        require(enq);
        enq->enquire.set_collapse_key(max == 0 ? Xapian::BAD_VALUENO : slot, max == 0 ? 1 : max);
    });
}

cx_status_t cx_enquire_set_sort_by_value(cx_enquire_t *enq, uint32_t slot, int reverse) {
    return guard([&] {
        require(enq);
        enq->enquire.set_sort_by_value_then_relevance(slot, reverse != 0);
    });
}

cx_status_t cx_enquire_get_mset(cx_enquire_t *enq, uint32_t first, uint32_t max, uint32_t check_at_least,
                                cx_mset_t **out) {
    return guard([&] {
        require(enq, out);
        *out = nullptr;
        *out = new cx_mset{enq->enquire.get_mset(first, max, check_at_least)};
    });
}

cx_status_t cx_enquire_matching_terms(const cx_enquire_t *enq, uint32_t docid, char **out, size_t *out_len,
                                      size_t *count) {
    return guard([&] {
        require(enq, out, count);
        nul_list list;
        for (auto t = enq->enquire.get_matching_terms_begin(docid); t != enq->enquire.get_matching_terms_end(docid); ++t)
            list.add(*t);
        list.copy_to(out, out_len, count);
    });
}

cx_status_t cx_enquire_spy_weights(cx_enquire_t *enq) {
    return guard([&] {
        require(enq);
        if (enq->spy) return;
        enq->spy.reset(new cx_weight_spy);
        enq->enquire.add_matchspy(enq->spy.get());
    });
}

cx_status_t cx_enquire_spied_values(const cx_enquire_t *enq, double above, uint32_t slot, char **out, size_t *out_len,
                                    size_t *count) {
    return guard([&] {
        require(enq, out, count);
        nul_list list;
        if (enq->spy) {
            for (const auto &[did, wt] : enq->spy->seen)
                if (wt > above) list.add(enq->db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(slot));
        }
        list.copy_to(out, out_len, count);
    });
}

void cx_mset_free(cx_mset_t *mset) { delete mset; }

uint32_t cx_mset_size(const cx_mset_t *mset) { return mset ? mset->mset.size() : 0; }

cx_status_t cx_mset_estimates(const cx_mset_t *mset, uint32_t *lower, uint32_t *estimated, uint32_t *upper) {
    return guard([&] {
        require(mset);
        if (lower) *lower = mset->mset.get_matches_lower_bound();
        if (estimated) *estimated = mset->mset.get_matches_estimated();
        if (upper) *upper = mset->mset.get_matches_upper_bound();
    });
}

cx_status_t cx_mset_hit(const cx_mset_t *mset, uint32_t index, cx_hit_t *out) {
    return guard([&] {
        require(mset, out);
        if (index >= mset->mset.size()) throw Xapian::RangeError("hit index out of range");
        auto it = mset->mset[index];
        out->docid = *it;
        out->weight = it.get_weight();
        out->collapse_count = it.get_collapse_count();
    });
}

cx_status_t cx_mset_collapse_key(const cx_mset_t *mset, uint32_t index, char **out, size_t *out_len) {
    return guard([&] {
        require(mset, out);
        if (index >= mset->mset.size()) throw Xapian::RangeError("hit index out of range");
        copy_out(mset->mset[index].get_collapse_key(), out, out_len);
    });
}

cx_status_t cx_mset_document(const cx_mset_t *mset, uint32_t index, cx_document_t **out) {
    return guard([&] {
        require(mset, out);
        *out = nullptr;
        if (index >= mset->mset.size()) throw Xapian::RangeError("hit index out of range");
        *out = new cx_document{mset->mset[index].get_document()};
    });
}

cx_status_t cx_mset_fetch(const cx_mset_t *mset) {
    return guard([&] {
        require(mset);
        mset->mset.fetch();
    });
}

}  // extern "C"
