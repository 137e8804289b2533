// Status codes, the per-thread error message, and the exception mapping.
#include "internal.hpp"

namespace {
thread_local std::string last_error;
}

namespace cxapian {

cx_status_t fail(cx_status_t status, const std::string &message) {
    try {
        last_error = message;
    } catch (...) {
        // Out of memory while recording the message: the status still says it.
    }
    return status;
}

cx_status_t fail_xapian(const Xapian::Error &e) {
    // Xapian::Error has no virtual functions, so dynamic_cast cannot tell
    // the classes apart; get_type() names the most-derived one.
    static const struct { const char *type; cx_status_t status; } table[] = {
        {"DatabaseLockError", CX_DATABASE_LOCK},
        {"DatabaseNotFoundError", CX_DATABASE_NOT_FOUND},
        {"DatabaseVersionError", CX_DATABASE_OPENING},
        {"DatabaseOpeningError", CX_DATABASE_OPENING},
        {"DatabaseModifiedError", CX_DATABASE_MODIFIED},
        {"DatabaseCorruptError", CX_DATABASE_CORRUPT},
        {"DatabaseCreateError", CX_DATABASE_ERROR},
        {"DatabaseClosedError", CX_DATABASE_ERROR},
        {"DatabaseError", CX_DATABASE_ERROR},
        {"QueryParserError", CX_QUERY_PARSER_ERROR},
        {"InvalidArgumentError", CX_INVALID_ARGUMENT},
        {"InvalidOperationError", CX_INVALID_OPERATION},
        {"DocNotFoundError", CX_DOCUMENT_NOT_FOUND},
        {"RangeError", CX_RANGE_ERROR},
        {"NetworkError", CX_NETWORK_ERROR},
        {"NetworkTimeoutError", CX_NETWORK_ERROR},
    };
    cx_status_t status = CX_XAPIAN_ERROR;
    const char *type = e.get_type();
    for (const auto &row : table) {
        if (std::strcmp(type, row.type) == 0) {
            status = row.status;
            break;
        }
    }
    std::string message = e.get_msg();
    if (!e.get_context().empty()) message += " (" + e.get_context() + ")";
    const char *errno_text = e.get_error_string();
    if (errno_text && *errno_text) message += std::string(": ") + errno_text;
    return fail(status, message);
}

void copy_out(const std::string &s, char **out, size_t *out_len) {
    char *buf = static_cast<char *>(std::malloc(s.size() + 1));
    if (!buf) throw std::bad_alloc();
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    *out = buf;
    if (out_len) *out_len = s.size();
}

}  // namespace cxapian

using namespace cxapian;

extern "C" {

const char *cx_status_to_string(cx_status_t status) {
    switch (status) {
        case CX_OK: return "success";
        case CX_DATABASE_NOT_FOUND: return "database not found";
        case CX_DATABASE_OPENING: return "database cannot be opened";
        case CX_DATABASE_LOCK: return "database is locked";
        case CX_DATABASE_MODIFIED: return "database was modified during the read";
        case CX_DATABASE_CORRUPT: return "database is corrupt";
        case CX_DATABASE_ERROR: return "database error";
        case CX_QUERY_PARSER_ERROR: return "query syntax error";
        case CX_INVALID_ARGUMENT: return "invalid argument";
        case CX_INVALID_OPERATION: return "invalid operation";
        case CX_DOCUMENT_NOT_FOUND: return "document not found";
        case CX_RANGE_ERROR: return "out of range";
        case CX_NETWORK_ERROR: return "network error";
        case CX_XAPIAN_ERROR: return "Xapian error";
        case CX_OUT_OF_MEMORY: return "out of memory";
        case CX_STD_EXCEPTION: return "C++ exception";
        case CX_UNKNOWN_EXCEPTION: return "unknown exception";
        case CX_NULL_ARGUMENT: return "required argument is NULL";
        case CX_STATUS_COUNT: break;
    }
    return "unknown status";
}

const char *cx_last_error(void) { return last_error.c_str(); }

void cx_free(void *p) { std::free(p); }

const char *cx_xapian_version(void) { return Xapian::version_string(); }

cx_status_t cx_debug_throw(const char *kind) {
    return guard([&] {
        require(kind);
        std::string k(kind);
        if (k == "lock") throw Xapian::DatabaseLockError("injected lock error");
        if (k == "opening") throw Xapian::DatabaseOpeningError("injected opening error");
        if (k == "not-found") throw Xapian::DatabaseNotFoundError("injected not-found error");
        if (k == "modified") throw Xapian::DatabaseModifiedError("injected modified error");
        if (k == "corrupt") throw Xapian::DatabaseCorruptError("injected corrupt error");
        if (k == "database") throw Xapian::DatabaseError("injected database error");
        if (k == "query-parser") throw Xapian::QueryParserError("injected query parser error");
        if (k == "invalid-argument") throw Xapian::InvalidArgumentError("injected invalid argument");
        if (k == "invalid-operation") throw Xapian::InvalidOperationError("injected invalid operation");
        if (k == "doc-not-found") throw Xapian::DocNotFoundError("injected doc not found");
        if (k == "range") throw Xapian::RangeError("injected range error");
        if (k == "network") throw Xapian::NetworkError("injected network error");
        if (k == "xapian") throw Xapian::AssertionError("injected assertion error");
        if (k == "bad-alloc") throw std::bad_alloc();
        if (k == "std") throw std::runtime_error("injected runtime error");
        if (k == "int") throw 42;
        throw Xapian::InvalidArgumentError("unknown kind of exception: " + k);
    });
}

}  // extern "C"
