// Opening, reading, writing, compacting and checking databases.
#include "internal.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

using namespace cxapian;

namespace {

Xapian::WritableDatabase &writable(cx_database_t *db) {
    require(db);
    if (!db->writable) throw Xapian::InvalidOperationError("database was opened read-only");
    return *db->writable;
}

}  // namespace

extern "C" {

cx_status_t cx_database_open(const char *path, cx_open_mode_t mode, int flags, cx_database_t **out) {
    return guard([&] {
        require(path, out);
        *out = nullptr;
        auto handle = std::make_unique<cx_database>();
        if (mode == CX_OPEN_READONLY) {
            handle->db = new Xapian::Database(path);
        } else {
            int action = Xapian::DB_CREATE_OR_OPEN;
            if (mode == CX_OPEN_CREATE_OR_OVERWRITE) action = Xapian::DB_CREATE_OR_OVERWRITE;
            if (mode == CX_OPEN_WRITABLE_EXISTING) action = Xapian::DB_OPEN;
            if (flags & CX_FLAG_NO_SYNC) action |= Xapian::DB_NO_SYNC;
            if (flags & CX_FLAG_RETRY_LOCK) action |= Xapian::DB_RETRY_LOCK;
            auto *w = new Xapian::WritableDatabase(path, action);
            handle->db = w;
            handle->writable = w;
        }
        *out = handle.release();
    });
}

cx_status_t cx_database_open_remote(const char *host, unsigned port, unsigned timeout_ms, cx_database_t **out) {
    return guard([&] {
        require(host, out);
        *out = nullptr;
        auto handle = std::make_unique<cx_database>();
        handle->db = new Xapian::Database(Xapian::Remote::open(host, port, timeout_ms, timeout_ms));
        *out = handle.release();
    });
}

cx_status_t cx_database_new_combined(cx_database_t **out) {
    return guard([&] {
        require(out);
        *out = nullptr;
        auto handle = std::make_unique<cx_database>();
        handle->db = new Xapian::Database();
        *out = handle.release();
    });
}

cx_status_t cx_database_add_shard(cx_database_t *db, const cx_database_t *shard) {
    return guard([&] {
        require(db, shard);
        if (db->writable) throw Xapian::InvalidOperationError("shards can only be added to a read-only handle");
        db->db->add_database(*shard->db);
    });
}

void cx_database_free(cx_database_t *db) {
    // A destructor that throws would escape: close() first where it matters.
    try {
        delete db;
    } catch (...) {
    }
}

cx_status_t cx_database_close(cx_database_t *db) {
    return guard([&] {
        require(db);
        db->db->close();
    });
}

cx_status_t cx_database_reopen(cx_database_t *db, int *changed) {
    return guard([&] {
        require(db);
        bool moved = db->db->reopen();
        if (changed) *changed = moved ? 1 : 0;
    });
}

int cx_database_is_writable(const cx_database_t *db) { return db && db->writable ? 1 : 0; }

cx_status_t cx_database_doccount(const cx_database_t *db, uint32_t *out) {
    return guard([&] {
        require(db, out);
        *out = db->db->get_doccount();
    });
}

cx_status_t cx_database_doclengths(const cx_database_t *db, const uint32_t *docids, size_t n, uint32_t *out) {
    return guard([&] {
        require(db);
        if (n > 0) require(docids, out);
        // In docid order: each lookup then moves forward in the length list.
        std::vector<size_t> order(n);
        for (size_t i = 0; i < n; ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return docids[a] < docids[b]; });
        for (size_t i : order) out[i] = db->db->get_doclength(docids[i]);
    });
}

cx_status_t cx_database_average_length(const cx_database_t *db, double *out) {
    return guard([&] {
        require(db, out);
        *out = db->db->get_avlength();
    });
}

cx_status_t cx_database_termfreq(const cx_database_t *db, const char *term, size_t len, uint32_t *out) {
    return guard([&] {
        require(db, term, out);
        *out = db->db->get_termfreq(std::string(term, len));
    });
}

cx_status_t cx_database_documents_holding(const cx_database_t *db, const char *bytes, const uint32_t *lengths,
                                          size_t ndocs, const uint32_t *word_groups, size_t nwords,
                                          const uint32_t *group_slots, const uint32_t *slot_terms, uint8_t *out,
                                          const uint32_t *best, uint8_t *out_best) {
    return guard([&] {
        require(db, out);
        if (best || out_best) require(best, out_best);
        if (ndocs > 0) require(bytes, lengths);
        if (nwords > 0) require(word_groups);
        size_t offset = 0, index = 0;
        auto next_term = [&] {
            std::string term(bytes + offset, lengths[index]);
            offset += lengths[index++];
            return term;
        };
        // Every passage of the candidates, in docid order, so that each
        // term's postings are walked forward once with skip_to.
        std::vector<std::pair<Xapian::docid, size_t>> passages;
        for (size_t d = 0; d < ndocs; ++d) {
            const std::string term = next_term();
            for (auto it = db->db->postlist_begin(term); it != db->db->postlist_end(term); ++it) passages.emplace_back(*it, d);
        }
        std::sort(passages.begin(), passages.end());
        std::fill(out, out + ndocs * nwords, uint8_t(0));
        if (out_best) std::fill(out_best, out_best + ndocs * nwords, uint8_t(0));
        const Xapian::PostingIterator end;
        size_t group = 0, slot = 0;
        for (size_t w = 0; w < nwords; ++w) {
            for (uint32_t k = 0; k < word_groups[w]; ++k, ++group) {
                require(group_slots, slot_terms);
                std::vector<std::vector<Xapian::PostingIterator>> slots(group_slots[group]);
                for (auto &alternatives : slots) {
                    for (uint32_t j = 0; j < slot_terms[slot]; ++j) alternatives.push_back(db->db->postlist_begin(next_term()));
                    ++slot;
                }
                if (slots.empty()) continue;
                for (const auto &[docid, d] : passages) {
                    uint8_t &held = out[d * nwords + w];
                    // Past the first passage that holds the word, only the
                    // best passage is still worth a look.
                    const bool is_best = best && best[d] == docid;
                    if (held && !(is_best && !out_best[d * nwords + w])) continue;
                    bool all = true, exhausted = false;
                    for (auto &alternatives : slots) {
                        bool any = false, open = false;
                        for (auto &it : alternatives) {
                            if (it != end) it.skip_to(docid);
                            if (it == end) continue;
                            open = true;
                            if (*it == docid) { any = true; break; }
                        }
                        if (!open) exhausted = true;  // this slot can match no later passage
                        if (!any) { all = false; break; }
                    }
                    if (exhausted) break;
                    if (all) {
                        held = 1;
                        if (is_best) out_best[d * nwords + w] = 1;
                    }
                }
            }
        }
    });
}

cx_status_t cx_database_get_document(const cx_database_t *db, uint32_t docid, cx_document_t **out) {
    return guard([&] {
        require(db, out);
        *out = nullptr;
        *out = new cx_document{db->db->get_document(docid)};
    });
}

cx_status_t cx_database_mark_positions(const cx_database_t *db, uint32_t docid, const char *bytes,
                                       const uint32_t *lengths, size_t nterms, uint8_t *marks, size_t nmarks) {
    return guard([&] {
        require(db);
        if (nterms > 0) require(bytes, lengths);
        if (nmarks > 0) require(marks);
        std::vector<std::string> terms;
        terms.reserve(nterms);
        for (size_t i = 0, offset = 0; i < nterms; offset += lengths[i++]) terms.emplace_back(bytes + offset, lengths[i]);
        // The document's own term list, walked forward once: a term it lacks
        // costs no lookup in the position table.
        std::sort(terms.begin(), terms.end());
        auto it = db->db->termlist_begin(docid);
        const auto end = db->db->termlist_end(docid);
        for (const auto &term : terms) {
            it.skip_to(term);
            if (it == end) break;
            if (*it != term) continue;
            for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) {
                if (*p >= 1 && *p <= nmarks) marks[*p - 1] = 1;
            }
        }
    });
}

cx_status_t cx_database_first_posting(const cx_database_t *db, const char *term, size_t len, uint32_t *out) {
    return guard([&] {
        require(db, term, out);
        auto it = db->db->postlist_begin(std::string(term, len));
        *out = it == db->db->postlist_end(std::string(term, len)) ? 0 : *it;
    });
}

cx_status_t cx_database_terms_with_prefix(const cx_database_t *db, const char *prefix, size_t len,
                                          size_t max_terms, char **out, size_t *out_len, size_t *count) {
    return guard([&] {
        require(db, prefix, out, count);
        std::string p(prefix, len);
        nul_list list;
        for (auto t = db->db->allterms_begin(p); t != db->db->allterms_end(p); ++t) {
            if (max_terms && list.count == max_terms) break;
            list.add(*t);
        }
        list.copy_to(out, out_len, count);
    });
}

cx_status_t cx_database_get_metadata(const cx_database_t *db, const char *key, char **out, size_t *out_len) {
    return guard([&] {
        require(db, key, out);
        copy_out(db->db->get_metadata(key), out, out_len);
    });
}

cx_status_t cx_database_metadata_keys(const cx_database_t *db, const char *prefix, char **out, size_t *out_len,
                                      size_t *count) {
    return guard([&] {
        require(db, prefix, out, count);
        nul_list list;
        for (auto k = db->db->metadata_keys_begin(prefix); k != db->db->metadata_keys_end(prefix); ++k) list.add(*k);
        list.copy_to(out, out_len, count);
    });
}

cx_status_t cx_database_spelling_suggestion(const cx_database_t *db, const char *word, size_t len,
                                            unsigned max_edit_distance, char **out, size_t *out_len) {
    return guard([&] {
        require(db, word, out);
        copy_out(db->db->get_spelling_suggestion(std::string(word, len), max_edit_distance), out, out_len);
    });
}

cx_status_t cx_database_replace_document(cx_database_t *db, const char *unique_term, size_t len,
                                         const cx_document_t *doc, uint32_t *docid) {
    return guard([&] {
        require(unique_term, doc);
        Xapian::docid id = writable(db).replace_document(std::string(unique_term, len), doc->doc);
        if (docid) *docid = id;
    });
}

cx_status_t cx_database_add_document(cx_database_t *db, const cx_document_t *doc, uint32_t *docid) {
    return guard([&] {
        require(doc);
        Xapian::docid id = writable(db).add_document(doc->doc);
        if (docid) *docid = id;
    });
}

cx_status_t cx_database_delete_documents(cx_database_t *db, const char *term, size_t len) {
    return guard([&] {
        require(term);
        writable(db).delete_document(std::string(term, len));
    });
}

cx_status_t cx_database_set_metadata(cx_database_t *db, const char *key, const char *value, size_t len) {
    return guard([&] {
        require(key, value);
        writable(db).set_metadata(key, std::string(value, len));
    });
}

cx_status_t cx_database_add_spelling(cx_database_t *db, const char *word, size_t len, uint32_t freq_inc) {
    return guard([&] {
        require(word);
        writable(db).add_spelling(std::string(word, len), freq_inc);
    });
}

cx_status_t cx_database_remove_spelling(cx_database_t *db, const char *word, size_t len, uint32_t freq_dec) {
    return guard([&] {
        require(word);
        writable(db).remove_spelling(std::string(word, len), freq_dec);
    });
}

cx_status_t cx_database_commit(cx_database_t *db) {
    return guard([&] { writable(db).commit(); });
}

cx_status_t cx_database_begin_transaction(cx_database_t *db, int flushed) {
    return guard([&] { writable(db).begin_transaction(flushed != 0); });
}

cx_status_t cx_database_commit_transaction(cx_database_t *db) {
    return guard([&] { writable(db).commit_transaction(); });
}

cx_status_t cx_database_cancel_transaction(cx_database_t *db) {
    return guard([&] { writable(db).cancel_transaction(); });
}

cx_status_t cx_compact(const char *const *sources, size_t count, const char *dest, int multipass) {
    return guard([&] {
        require(sources, dest);
        Xapian::Database combined;
        for (size_t i = 0; i < count; ++i) {
            require(sources[i]);
            combined.add_database(Xapian::Database(sources[i]));
        }
        unsigned flags = 0;  // renumber: shard docids would otherwise collide
        if (multipass) flags |= Xapian::DBCOMPACT_MULTIPASS;
        combined.compact(dest, flags);
    });
}

cx_status_t cx_database_check(const char *path, size_t *errors, char **report, size_t *report_len) {
    return guard([&] {
        require(path, errors, report);
        std::ostringstream text;
        *errors = Xapian::Database::check(path, Xapian::DBCHECK_SHOW_STATS, &text);
        copy_out(text.str(), report, report_len);
    });
}

}  // extern "C"
