// Shared by the shim's translation units; never seen by Swift.
#pragma once

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "cxapian.h"

struct cx_stem { Xapian::Stem stem; };
struct cx_document { Xapian::Document doc; };
struct cx_query { Xapian::Query query; };
struct cx_mset { Xapian::MSet mset; };
// Notes the id and weight of every document the matcher weighs at or above
// its running threshold, before collapsing (cx_enquire_spy_weights). Only
// numbers here: the values of the few that count are read afterwards.
class cx_weight_spy : public Xapian::MatchSpy {
  public:
    std::vector<std::pair<Xapian::docid, double>> seen;
    void operator()(const Xapian::Document &doc, double wt) override { seen.emplace_back(doc.get_docid(), wt); }
};
struct cx_enquire {
    explicit cx_enquire(const Xapian::Database &db) : db(db), enquire(db) {}
    Xapian::Database db;
    // Declared before `enquire`, so that it outlives the enquire that points at it.
    std::unique_ptr<cx_weight_spy> spy;
    Xapian::Enquire enquire;
};
struct cx_database {
    // `db` always points at the object in use; `writable` is set only when it
    // is a WritableDatabase, so read paths never need to know which it is.
    Xapian::Database *db = nullptr;
    Xapian::WritableDatabase *writable = nullptr;
    ~cx_database() { delete db; }
};

namespace cxapian {

cx_status_t fail(cx_status_t status, const std::string &message);
cx_status_t fail_xapian(const Xapian::Error &e);

// Thrown inside guard() when a required pointer is NULL.
struct null_argument {};

template <typename... P>
void require(P... ptrs) {
    if (((ptrs == nullptr) || ...)) throw null_argument();
}

// Runs `body` and turns anything it throws into a status and a message.
// Every extern "C" entry point that can throw goes through here, so no C++
// exception can reach Swift (whose interop would abort the process).
template <typename F>
cx_status_t guard(F &&body) noexcept {
    try {
        body();
        return CX_OK;
    } catch (const Xapian::Error &e) {
        return fail_xapian(e);
    } catch (const null_argument &) {
        return fail(CX_NULL_ARGUMENT, "a required argument is NULL");
    } catch (const std::bad_alloc &) {
        return fail(CX_OUT_OF_MEMORY, "out of memory");
    } catch (const std::exception &e) {
        return fail(CX_STD_EXCEPTION, e.what());
    } catch (...) {
        return fail(CX_UNKNOWN_EXCEPTION, "unknown C++ exception");
    }
}

// Copies bytes into a malloc'd, NUL-terminated buffer for the caller.
void copy_out(const std::string &s, char **out, size_t *out_len);

// A list of strings handed to the caller as one buffer, each ended by NUL.
struct nul_list {
    std::string joined;
    size_t count = 0;
    void add(const std::string &s) {
        joined += s;
        joined.push_back('\0');
        ++count;
    }
    void copy_to(char **out, size_t *out_len, size_t *out_count) const {
        *out_count = count;
        copy_out(joined, out, out_len);
    }
};

}  // namespace cxapian
