// Documents: terms, positions, values and data.
#include "internal.hpp"

using namespace cxapian;

extern "C" {

cx_status_t cx_document_new(cx_document_t **out) {
    return guard([&] {
        require(out);
        *out = new cx_document();
    });
}

void cx_document_free(cx_document_t *doc) { delete doc; }

cx_status_t cx_document_add_posting(cx_document_t *doc, const char *term, size_t len, uint32_t position,
                                    uint32_t wdf_inc) {
    return guard([&] {
        require(doc, term);
        doc->doc.add_posting(std::string(term, len), position, wdf_inc);
    });
}

cx_status_t cx_document_add_postings(cx_document_t *doc, const char *terms, const uint32_t *lengths,
                                     const uint32_t *positions, size_t count) {
    return guard([&] {
        require(doc);
        if (count == 0) return;
        require(terms, lengths, positions);
        std::string term;
        size_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            term.assign(terms + offset, lengths[i]);
            offset += lengths[i];
            if (positions[i] == 0) doc->doc.add_term(term);
            else doc->doc.add_posting(term, positions[i]);
        }
    });
}

cx_status_t cx_document_add_term(cx_document_t *doc, const char *term, size_t len, uint32_t wdf_inc) {
    return guard([&] {
        require(doc, term);
        doc->doc.add_term(std::string(term, len), wdf_inc);
    });
}

cx_status_t cx_document_add_boolean_term(cx_document_t *doc, const char *term, size_t len) {
    return guard([&] {
        require(doc, term);
        doc->doc.add_boolean_term(std::string(term, len));
    });
}

cx_status_t cx_document_set_data(cx_document_t *doc, const char *data, size_t len) {
    return guard([&] {
        require(doc, data);
        doc->doc.set_data(std::string(data, len));
    });
}

cx_status_t cx_document_get_data(const cx_document_t *doc, char **out, size_t *out_len) {
    return guard([&] {
        require(doc, out);
        copy_out(doc->doc.get_data(), out, out_len);
    });
}

cx_status_t cx_document_add_value(cx_document_t *doc, uint32_t slot, const char *value, size_t len) {
    return guard([&] {
        require(doc, value);
        doc->doc.add_value(slot, std::string(value, len));
    });
}

cx_status_t cx_document_get_value(const cx_document_t *doc, uint32_t slot, char **out, size_t *out_len) {
    return guard([&] {
        require(doc, out);
        copy_out(doc->doc.get_value(slot), out, out_len);
    });
}

cx_status_t cx_document_terms(const cx_document_t *doc, char **out, size_t *out_len, size_t *count) {
    return guard([&] {
        require(doc, out, count);
        nul_list list;
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) list.add(*t);
        list.copy_to(out, out_len, count);
    });
}

}  // extern "C"
