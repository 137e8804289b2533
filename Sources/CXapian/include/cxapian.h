/*
 * cxapian.h: a plain C API over the parts of Xapian that Fundus uses.
 *
 * Rules every function follows:
 *  - Every name starts with cx_. Handles are opaque and owned by the caller,
 *    who frees each with its cx_*_free function (free(NULL) is a no-op).
 *  - Every function that can fail returns a cx_status_t. On failure the
 *    reason is kept in a per-thread buffer, read with cx_last_error(), which
 *    stays valid until the next failing call on the same thread.
 *  - No C++ exception ever leaves this library: each entry point catches
 *    Xapian::Error, std::exception and everything else.
 *  - Strings returned through `char **out` are malloc'd, NUL-terminated (the
 *    length is also given, since terms and data may hold NUL bytes) and
 *    released with cx_free().
 */
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cx_status {
    CX_OK = 0,
    CX_DATABASE_NOT_FOUND,    /* no database at the path */
    CX_DATABASE_OPENING,      /* exists but cannot be opened (format, permissions) */
    CX_DATABASE_LOCK,         /* another writer holds the lock */
    CX_DATABASE_MODIFIED,     /* a reader fell behind a writer: reopen and retry */
    CX_DATABASE_CORRUPT,
    CX_DATABASE_ERROR,        /* any other database error (I/O, disk full, ...) */
    CX_QUERY_PARSER_ERROR,    /* Xapian's QueryParser rejected the text */
    CX_INVALID_ARGUMENT,      /* e.g. an unknown stemmer language */
    CX_INVALID_OPERATION,     /* e.g. writing through a read-only handle */
    CX_DOCUMENT_NOT_FOUND,
    CX_RANGE_ERROR,
    CX_NETWORK_ERROR,         /* remote backend unreachable or failed */
    CX_XAPIAN_ERROR,          /* any other Xapian::Error */
    CX_OUT_OF_MEMORY,
    CX_STD_EXCEPTION,         /* a std::exception that is not a Xapian::Error */
    CX_UNKNOWN_EXCEPTION,     /* anything else that was thrown */
    CX_NULL_ARGUMENT,         /* a required pointer argument was NULL */
    CX_STATUS_COUNT
} cx_status_t;

/* A short English name for a status, e.g. "database is locked". Never NULL. */
const char *cx_status_to_string(cx_status_t status);

/* The message of the last failure on this thread ("" if none). */
const char *cx_last_error(void);

void cx_free(void *p);

/* The libxapian version string, e.g. "1.4.22". Static storage. */
const char *cx_xapian_version(void);

/* ---------------------------------------------------------------- stemmer */

typedef struct cx_stem cx_stem_t;

/* Fails with CX_INVALID_ARGUMENT for an unknown language. */
cx_status_t cx_stem_new(const char *language, cx_stem_t **out);
/* Stems `word` into `buf` (capacity `cap`). `*out_len` receives the stem's
 * length; when it is >= cap nothing useful was written: call again with a
 * larger buffer. This avoids an allocation per word on the hot path. */
cx_status_t cx_stem_apply(const cx_stem_t *stem, const char *word, size_t len,
                          char *buf, size_t cap, size_t *out_len);
void cx_stem_free(cx_stem_t *stem);

/* --------------------------------------------------------------- document */

typedef struct cx_document cx_document_t;

cx_status_t cx_document_new(cx_document_t **out);
void cx_document_free(cx_document_t *doc);
cx_status_t cx_document_add_posting(cx_document_t *doc, const char *term, size_t len,
                                    uint32_t position, uint32_t wdf_inc);
/* Adds `count` postings in one call: term i is `lengths[i]` bytes of `terms`
 * (concatenated, no separators) at `positions[i]` (0 = no position, wdf only).
 * One call per document keeps the Swift/C++ crossing off the hot path. */
cx_status_t cx_document_add_postings(cx_document_t *doc, const char *terms, const uint32_t *lengths,
                                     const uint32_t *positions, size_t count);
cx_status_t cx_document_add_term(cx_document_t *doc, const char *term, size_t len,
                                 uint32_t wdf_inc);
cx_status_t cx_document_add_boolean_term(cx_document_t *doc, const char *term, size_t len);
cx_status_t cx_document_set_data(cx_document_t *doc, const char *data, size_t len);
cx_status_t cx_document_get_data(const cx_document_t *doc, char **out, size_t *out_len);
cx_status_t cx_document_add_value(cx_document_t *doc, uint32_t slot, const char *value, size_t len);
cx_status_t cx_document_get_value(const cx_document_t *doc, uint32_t slot, char **out, size_t *out_len);
/* All terms of the document, each followed by a NUL byte, in sorted order. */
cx_status_t cx_document_terms(const cx_document_t *doc, char **out, size_t *out_len, size_t *count);

/* --------------------------------------------------------------- database */

typedef struct cx_database cx_database_t;

typedef enum cx_open_mode {
    CX_OPEN_READONLY = 0,
    CX_OPEN_CREATE_OR_OPEN,      /* writable */
    CX_OPEN_CREATE_OR_OVERWRITE, /* writable, starts empty */
    CX_OPEN_WRITABLE_EXISTING    /* writable, must exist */
} cx_open_mode_t;

enum {
    CX_FLAG_NO_SYNC = 1,    /* skip fsync: for throw-away shards and tests */
    CX_FLAG_RETRY_LOCK = 2  /* wait for the write lock instead of failing */
};

/* Opens a local database directory, a stub file, or (read-only) a remote
 * database named in a stub file. */
cx_status_t cx_database_open(const char *path, cx_open_mode_t mode, int flags, cx_database_t **out);
/* Read-only handle on a database served by xapian-tcpsrv. */
cx_status_t cx_database_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                    cx_database_t **out);
/* A read-only handle on no database at all, to which shards are added: one
 * search over several databases, with statistics merged by Xapian. */
cx_status_t cx_database_new_combined(cx_database_t **out);
/* Adds a shard to a read-only handle, so one search spans many databases. */
cx_status_t cx_database_add_shard(cx_database_t *db, const cx_database_t *shard);
void cx_database_free(cx_database_t *db);
/* Commits (when writable) and releases the database and its lock. */
cx_status_t cx_database_close(cx_database_t *db);
/* Re-reads the latest committed revision; *changed is 1 if it moved. */
cx_status_t cx_database_reopen(cx_database_t *db, int *changed);
int cx_database_is_writable(const cx_database_t *db);

cx_status_t cx_database_doccount(const cx_database_t *db, uint32_t *out);
cx_status_t cx_database_termfreq(const cx_database_t *db, const char *term, size_t len, uint32_t *out);
/* The lengths (sum of wdf) of `n` documents, out[i] for docids[i], in any
 * order; and the average length over the database. BM25's length
 * normalisation for a few candidates, when the match ran without it. */
cx_status_t cx_database_doclengths(const cx_database_t *db, const uint32_t *docids, size_t n, uint32_t *out);
cx_status_t cx_database_average_length(const cx_database_t *db, double *out);
cx_status_t cx_database_get_document(const cx_database_t *db, uint32_t docid, cx_document_t **out);
/* Marks where document `docid` holds any of `nterms` terms (term i is
 * `lengths[i]` bytes of `bytes`): marks[p - 1] = 1 for each position p in
 * 1...nmarks; other entries are left as they are. Highlighting reads this
 * instead of analysing the passage again. */
cx_status_t cx_database_mark_positions(const cx_database_t *db, uint32_t docid, const char *bytes,
                                       const uint32_t *lengths, size_t nterms, uint8_t *marks, size_t nmarks);
/* First document id indexed by `term` (0 if none). */
cx_status_t cx_database_first_posting(const cx_database_t *db, const char *term, size_t len, uint32_t *out);
/* Terms starting with `prefix`, each followed by NUL. */
cx_status_t cx_database_terms_with_prefix(const cx_database_t *db, const char *prefix, size_t len,
                                          size_t max_terms, char **out, size_t *out_len, size_t *count);
/* Which of `nwords` words each of `ndocs` documents holds in any of its
 * Xapian documents (passages). Document d is every Xapian document indexed
 * by the d-th document term. Word w is held where one Xapian document
 * satisfies any one of its `word_groups[w]` groups; a group has
 * `group_slots[g]` slots, and is satisfied when each slot has at least one
 * of its `slot_terms[s]` alternative terms. The terms come as one buffer
 * `bytes` cut by `lengths`: first the ndocs document terms, then every
 * slot's terms in order. `out` receives ndocs * nwords bytes:
 * out[d * nwords + w] is 1 when document d holds word w, else 0. One pass
 * over the postings: no matcher, no weights.
 * With `best` (ndocs Xapian document ids, one passage of each document) and
 * `out_best` (ndocs * nwords bytes), the same pass also tells which words
 * that one passage holds. Either may be NULL only if both are. */
cx_status_t cx_database_documents_holding(const cx_database_t *db, const char *bytes, const uint32_t *lengths,
                                          size_t ndocs, const uint32_t *word_groups, size_t nwords,
                                          const uint32_t *group_slots, const uint32_t *slot_terms, uint8_t *out,
                                          const uint32_t *best, uint8_t *out_best);
cx_status_t cx_database_get_metadata(const cx_database_t *db, const char *key, char **out, size_t *out_len);
/* Metadata keys starting with `prefix`, each followed by NUL. */
cx_status_t cx_database_metadata_keys(const cx_database_t *db, const char *prefix, char **out, size_t *out_len,
                                      size_t *count);
/* "" when there is no better spelling. */
cx_status_t cx_database_spelling_suggestion(const cx_database_t *db, const char *word, size_t len,
                                            unsigned max_edit_distance, char **out, size_t *out_len);
/* The spelling words within `max_distance` edits of `word` (a swap of two
 * neighbours is one edit) that start with its first two letters, or with
 * the three letters a typo in its first two would have changed (at most
 * `max_scan` words looked at). Each comes as "word<TAB>frequency<TAB>distance"
 * followed by NUL; `word` itself is left out. */
cx_status_t cx_database_spelling_near(const cx_database_t *db, const char *word, size_t len, unsigned max_distance,
                                      size_t max_scan, char **out, size_t *out_len, size_t *count);

/* Writing; each fails with CX_INVALID_OPERATION on a read-only handle. */
cx_status_t cx_database_replace_document(cx_database_t *db, const char *unique_term, size_t len,
                                         const cx_document_t *doc, uint32_t *docid);
cx_status_t cx_database_add_document(cx_database_t *db, const cx_document_t *doc, uint32_t *docid);
cx_status_t cx_database_delete_documents(cx_database_t *db, const char *term, size_t len);
cx_status_t cx_database_set_metadata(cx_database_t *db, const char *key, const char *value, size_t len);
cx_status_t cx_database_add_spelling(cx_database_t *db, const char *word, size_t len, uint32_t freq_inc);
/* Lowers a word's spelling frequency by `freq_dec`; at zero the word is gone.
 * A word the spelling data lacks is no error. */
cx_status_t cx_database_remove_spelling(cx_database_t *db, const char *word, size_t len, uint32_t freq_dec);
cx_status_t cx_database_commit(cx_database_t *db);
cx_status_t cx_database_begin_transaction(cx_database_t *db, int flushed);
cx_status_t cx_database_commit_transaction(cx_database_t *db);
cx_status_t cx_database_cancel_transaction(cx_database_t *db);

/* Merges the databases at `sources` into a new compact database at `dest`. */
cx_status_t cx_compact(const char *const *sources, size_t count, const char *dest, int multipass);
/* Xapian's consistency check. *errors receives the number of errors found;
 * the report is written to *report. */
cx_status_t cx_database_check(const char *path, size_t *errors, char **report, size_t *report_len);

/* ------------------------------------------------------------------ query */

typedef struct cx_query cx_query_t;

/* Mirrors Xapian::Query::op for the operators Fundus builds. */
typedef enum cx_query_op {
    CX_OP_AND = 0,
    CX_OP_OR = 1,
    CX_OP_AND_NOT = 2,
    CX_OP_XOR = 3,
    CX_OP_AND_MAYBE = 4,
    CX_OP_FILTER = 5,
    CX_OP_NEAR = 6,
    CX_OP_PHRASE = 7,
    CX_OP_ELITE_SET = 10,
    CX_OP_SYNONYM = 13,
    CX_OP_MAX = 14
} cx_query_op_t;

cx_status_t cx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t position, cx_query_t **out);
/* Combines `count` subqueries; `window` is used by NEAR/PHRASE (0 = default)
 * and by ELITE_SET as the set size. The subqueries stay owned by the caller. */
cx_status_t cx_query_combine(cx_query_op_t op, const cx_query_t *const *subs, size_t count,
                             uint32_t window, cx_query_t **out);
cx_status_t cx_query_scale(const cx_query_t *q, double factor, cx_query_t **out);
/* Every term starting with `prefix` (at most `max_expansion`, 0 = no limit). */
cx_status_t cx_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion, cx_query_t **out);
/* Documents whose value in `slot` sorts between lo and hi (NULL = open end). */
cx_status_t cx_query_value_range(uint32_t slot, const char *lo, const char *hi, cx_query_t **out);
/* The documents whose value in `slot` equals the value of some document
 * that matches `q` in `db` (Fundus: every passage of the documents that have a
 * passage matching q). Matches without weight. The set is taken when called. */
cx_status_t cx_query_same_value_as(const cx_database_t *db, const cx_query_t *q, uint32_t slot, cx_query_t **out);
cx_status_t cx_query_match_all(cx_query_t **out);
cx_status_t cx_query_match_nothing(cx_query_t **out);
int cx_query_is_empty(const cx_query_t *q);
cx_status_t cx_query_describe(const cx_query_t *q, char **out, size_t *out_len);
void cx_query_free(cx_query_t *q);

enum {
    CX_PARSE_DEFAULT = 0,        /* Xapian's QueryParser defaults (STEM_SOME) */
    CX_PARSE_STEM_ALL_Z = 1
};
/* Xapian's own QueryParser: the plain-Xapian baseline, and the source of
 * QueryParserError. `stem_language` may be NULL for no stemming. */
cx_status_t cx_query_parse(const cx_database_t *db, const char *text, const char *stem_language,
                           int flags, cx_query_t **out);

/* ------------------------------------------------------- enquire and mset */

typedef struct cx_enquire cx_enquire_t;
typedef struct cx_mset cx_mset_t;

cx_status_t cx_enquire_new(const cx_database_t *db, cx_enquire_t **out);
void cx_enquire_free(cx_enquire_t *enq);
cx_status_t cx_enquire_set_query(cx_enquire_t *enq, const cx_query_t *q);
cx_status_t cx_enquire_set_bm25(cx_enquire_t *enq, double k1, double k2, double k3, double b, double min_normlen);
/* Keep at most `max` hits per distinct value of `slot` (0 turns it off). */
cx_status_t cx_enquire_set_collapse_key(cx_enquire_t *enq, uint32_t slot, uint32_t max);
/* Sort by the value in `slot` (descending when `reverse`), ties by relevance. */
cx_status_t cx_enquire_set_sort_by_value(cx_enquire_t *enq, uint32_t slot, int reverse);
cx_status_t cx_enquire_get_mset(cx_enquire_t *enq, uint32_t first, uint32_t max, uint32_t check_at_least,
                                cx_mset_t **out);
/* From now on, note the id and weight of every document the matcher weighs at
 * or above its running threshold, before collapsing: in a collapsed match,
 * every document that outweighs the final threshold is among them. One
 * local database only: over several, Xapian 1.4's matcher passed some
 * documents above the final threshold by before the spy saw them, and a
 * remote database takes no spy. */
cx_status_t cx_enquire_spy_weights(cx_enquire_t *enq);
/* The value in `slot` of each noted document weighing more than `above`,
 * NUL-separated, in the order noted. */
cx_status_t cx_enquire_spied_values(const cx_enquire_t *enq, double above, uint32_t slot, char **out, size_t *out_len,
                                    size_t *count);
/* Query terms that match `docid`, each followed by NUL. */
cx_status_t cx_enquire_matching_terms(const cx_enquire_t *enq, uint32_t docid, char **out, size_t *out_len,
                                      size_t *count);

void cx_mset_free(cx_mset_t *mset);
uint32_t cx_mset_size(const cx_mset_t *mset);
cx_status_t cx_mset_estimates(const cx_mset_t *mset, uint32_t *lower, uint32_t *estimated, uint32_t *upper);
typedef struct cx_hit {
    uint32_t docid;
    double weight;
    uint32_t collapse_count;
} cx_hit_t;
cx_status_t cx_mset_hit(const cx_mset_t *mset, uint32_t index, cx_hit_t *out);
cx_status_t cx_mset_document(const cx_mset_t *mset, uint32_t index, cx_document_t **out);
/* Asks for every hit's document at once: from a remote database the
 * requests go out together, one round trip rather than one per hit. */
cx_status_t cx_mset_fetch(const cx_mset_t *mset);
/* The hit's collapse key (empty without collapsing), without fetching its
 * document. *out is allocated; free it with cx_free. */
cx_status_t cx_mset_collapse_key(const cx_mset_t *mset, uint32_t index, char **out, size_t *out_len);

/* ------------------------------------------------------------ for testing */

/* Throws the named kind of exception inside an entry point so that tests can
 * see each conversion: "lock", "opening", "not-found", "modified", "corrupt",
 * "database", "query-parser", "invalid-argument", "invalid-operation",
 * "doc-not-found", "range", "network", "xapian", "bad-alloc", "std", "int". */
cx_status_t cx_debug_throw(const char *kind);

#ifdef __cplusplus
}
#endif

#endif
