// Minimal JSON helpers for the plain-Xapian reference programs.
//
// Just enough for flat JSON Lines objects such as
//   {"id": "...", "title": "...", "text": "...", "date": "2024-05-01", "n": 3}
// String values are decoded (all escapes, including \uXXXX and surrogate
// pairs, to UTF-8). Non-string values (numbers, true/false/null) are kept as
// their raw text; nested arrays/objects are skipped over and kept raw.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

namespace plainjson {

struct ParseError : std::runtime_error {
    explicit ParseError(const std::string& what) : std::runtime_error(what) {}
};

class Parser {
  public:
    explicit Parser(const std::string& s) : s_(s), i_(0) {}

    // Parses one object; fields maps key -> decoded string (or raw text for
    // non-string values). Throws ParseError on malformed input.
    std::map<std::string, std::string> parse_object() {
        std::map<std::string, std::string> fields;
        ws();
        expect('{');
        ws();
        if (peek() == '}') {
            ++i_;
            trailing();
            return fields;
        }
        for (;;) {
            ws();
            if (peek() != '"') fail("expected a string key");
            std::string key = string();
            ws();
            expect(':');
            ws();
            std::string value;
            if (peek() == '"') {
                value = string();
            } else {
                size_t start = i_;
                skip_value();
                value = s_.substr(start, i_ - start);
            }
            fields[key] = value;
            ws();
            char c = next();
            if (c == ',') continue;
            if (c == '}') break;
            fail("expected ',' or '}'");
        }
        trailing();
        return fields;
    }

  private:
    const std::string& s_;
    size_t i_;

    [[noreturn]] void fail(const std::string& msg) const {
        throw ParseError(msg + " at byte " + std::to_string(i_));
    }
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    char next() {
        if (i_ >= s_.size()) fail("unexpected end of input");
        return s_[i_++];
    }
    void expect(char c) {
        if (next() != c) {
            --i_;
            fail(std::string("expected '") + c + "'");
        }
    }
    void ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    void trailing() {
        ws();
        if (i_ != s_.size()) fail("trailing characters after object");
    }

    static void put_utf8(std::string& out, uint32_t cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    uint32_t hex4() {
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            char c = next();
            v <<= 4;
            if (c >= '0' && c <= '9') v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f') v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= uint32_t(c - 'A' + 10);
            else { --i_; fail("bad \\u escape"); }
        }
        return v;
    }

    std::string string() {
        expect('"');
        std::string out;
        for (;;) {
            char c = next();
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) { --i_; fail("control character in string"); }
            if (c != '\\') {
                out += c;
                continue;
            }
            char e = next();
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    uint32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        // High surrogate: a low surrogate must follow.
                        if (peek() == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == 'u') {
                            size_t save = i_;
                            i_ += 2;
                            uint32_t lo = hex4();
                            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            } else {
                                i_ = save;  // unpaired: keep the next escape for the loop
                                cp = 0xFFFD;
                            }
                        } else {
                            cp = 0xFFFD;
                        }
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        cp = 0xFFFD;  // lone low surrogate
                    }
                    put_utf8(out, cp);
                    break;
                }
                default: --i_; fail("bad escape");
            }
        }
    }

    void skip_value() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = (c == '{') ? '}' : ']';
            ++i_;
            ws();
            if (peek() == close) { ++i_; return; }
            for (;;) {
                ws();
                if (c == '{') {
                    if (peek() != '"') fail("expected a string key");
                    string();
                    ws();
                    expect(':');
                    ws();
                }
                skip_value();
                ws();
                char d = next();
                if (d == ',') continue;
                if (d == close) return;
                --i_;
                fail("expected ',' or closing bracket");
            }
        } else {
            size_t start = i_;
            while (i_ < s_.size()) {
                char d = s_[i_];
                if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r') break;
                ++i_;
            }
            std::string tok = s_.substr(start, i_ - start);
            if (tok.empty()) fail("expected a value");
            if (tok == "true" || tok == "false" || tok == "null") return;
            // number: -?digits[.digits][e[+-]digits]
            size_t k = 0;
            if (tok[k] == '-') ++k;
            bool digits = false;
            while (k < tok.size() && isdigit(static_cast<unsigned char>(tok[k]))) { ++k; digits = true; }
            if (k < tok.size() && tok[k] == '.') {
                ++k;
                while (k < tok.size() && isdigit(static_cast<unsigned char>(tok[k]))) ++k;
            }
            if (k < tok.size() && (tok[k] == 'e' || tok[k] == 'E')) {
                ++k;
                if (k < tok.size() && (tok[k] == '+' || tok[k] == '-')) ++k;
                while (k < tok.size() && isdigit(static_cast<unsigned char>(tok[k]))) ++k;
            }
            if (!digits || k != tok.size()) {
                i_ = start;
                fail("bad literal '" + tok + "'");
            }
        }
    }
};

// Escapes a UTF-8 string for output as a JSON string (with the quotes).
inline std::string quote(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += char(c);
                }
        }
    }
    out += '"';
    return out;
}

}  // namespace plainjson
