// The strict JSON reader (RFC 8259, bounded depth and size) behind scenarios, links and lessons:
// exact error positions, UTF-8 checked, numbers read independently of the C locale.
#include <algorithm>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>

#if __has_include(<charconv>)
#include <charconv>  // defines __cpp_lib_to_chars where from_chars reads doubles
#endif

#include "json.h"

namespace optiscape {

const JsonValue* JsonValue::find(std::string_view key) const {
    if (type != Type::Object) return nullptr;
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &it->second;
}

namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kMaxInput = 1000000;

/// strtod on a grammar-checked JSON number, with '.' turned into the locale's decimal point.
double strtodJson(std::string text) {
    const char* point = std::localeconv()->decimal_point;
    if (point && point[0] && point[0] != '.' && !point[1])
        std::replace(text.begin(), text.end(), '.', point[0]);
    return std::strtod(text.c_str(), nullptr);  // overflow gives ±HUGE_VAL, underflow ±0 or tiny
}

/// A grammar-checked JSON number as a double; ±inf when it overflows.
double toDouble(std::string_view text) {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
    double v = 0.0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return v;
#endif
    return strtodJson(std::string(text));
}

class Parser {
public:
    explicit Parser(std::string_view text) : t_(text) {}

    std::optional<JsonValue> run(std::string* error) {
        JsonValue v;
        bool ok = t_.size() <= kMaxInput ||
                  fail(0, "input is larger than 1000000 bytes (" + std::to_string(t_.size()) + ")");
        if (ok) skipWs();
        if (ok && (ok = value(v, 0))) skipWs();
        if (ok && i_ < t_.size()) ok = fail(i_, "trailing characters after the value");
        if (ok) return v;
        if (error) *error = where(errPos_) + err_;
        return std::nullopt;
    }

private:
    bool fail(size_t pos, std::string what) {
        errPos_ = pos;
        err_ = std::move(what);
        return false;
    }
    bool failEnd() { return fail(t_.size(), "unexpected end of input"); }

    /// "line L, column C: " for byte offset pos; columns count characters (UTF-8 code points).
    std::string where(size_t pos) const {
        size_t line = 1, col = 1;
        for (size_t k = 0; k < pos && k < t_.size(); ++k) {
            const auto c = static_cast<unsigned char>(t_[k]);
            if (c == '\n') {
                ++line;
                col = 1;
            } else if ((c & 0xC0) != 0x80) {
                ++col;
            }
        }
        return "line " + std::to_string(line) + ", column " + std::to_string(col) + ": ";
    }

    void skipWs() {
        while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
    }
    bool at(char c) const { return i_ < t_.size() && t_[i_] == c; }
    bool eat(char c) {
        if (!at(c)) return false;
        ++i_;
        return true;
    }

    bool value(JsonValue& out, int depth) {
        if (i_ >= t_.size()) return failEnd();
        const char c = t_[i_];
        if (c == '{') return object(out, depth + 1);
        if (c == '[') return array(out, depth + 1);
        if (c == '"') {
            out.type = JsonValue::Type::String;
            return string(out.string);
        }
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        if (c == 't' || c == 'f') {
            out.type = JsonValue::Type::Bool;
            out.boolean = c == 't';
            return literal(out.boolean ? "true" : "false");
        }
        if (c == 'n') return literal("null");  // out is Null already
        if (c == '\'') return fail(i_, "expected a value (strings take double quotes)");
        return fail(i_, "expected a value");
    }

    bool literal(std::string_view word) {
        if (t_.substr(i_, word.size()) == word) {
            i_ += word.size();
            return true;
        }
        if (t_.size() - i_ < word.size() && word.substr(0, t_.size() - i_) == t_.substr(i_)) return failEnd();
        return fail(i_, "expected a value");
    }

    bool digit() const { return i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9'; }

    /// One or more digits, or an error saying where they were expected.
    bool digits(const char* where) {
        if (!digit()) return i_ >= t_.size() ? failEnd() : fail(i_, std::string("expected a digit ") + where);
        while (digit()) ++i_;
        return true;
    }

    bool number(JsonValue& out) {
        const size_t begin = i_;
        eat('-');
        if (eat('0')) {
            if (digit()) return fail(i_ - 1, "leading zeros are not allowed");
        } else if (!digits("after '-'")) {
            return false;
        }
        if (eat('.') && !digits("after '.'")) return false;
        if (eat('e') || eat('E')) {
            if (!eat('+')) eat('-');
            if (!digits("in the exponent")) return false;
        }
        const double v = toDouble(t_.substr(begin, i_ - begin));
        if (!std::isfinite(v)) return fail(begin, "number out of range");
        out.type = JsonValue::Type::Number;
        out.number = v;
        return true;
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /// Reads the 4 hex digits of a \u escape whose backslash is at i_.
    bool hex4(unsigned& cp) {
        const size_t esc = i_;
        i_ += 2;
        cp = 0;
        for (int k = 0; k < 4; ++k, ++i_) {
            if (i_ >= t_.size()) return failEnd();
            const int h = hexValue(t_[i_]);
            if (h < 0) return fail(esc, "invalid \\u escape (needs 4 hex digits)");
            cp = cp * 16 + static_cast<unsigned>(h);
        }
        return true;
    }

    static void appendUtf8(std::string& s, unsigned cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    /// Length of the valid UTF-8 sequence at i_ (no overlongs, surrogates or > U+10FFFF), or 0.
    size_t utf8Length() const {
        const auto b = [&](size_t k) { return static_cast<unsigned char>(t_[i_ + k]); };
        const unsigned char c = b(0);
        size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
            hi = c == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (t_.size() - i_ < n) return 0;
        if (b(1) < lo || b(1) > hi) return 0;
        for (size_t k = 2; k < n; ++k)
            if ((b(k) & 0xC0) != 0x80) return 0;
        return n;
    }

    bool string(std::string& out) {
        const size_t open = i_++;
        out.clear();
        while (true) {
            if (i_ >= t_.size()) return fail(open, "unterminated string");
            const auto c = static_cast<unsigned char>(t_[i_]);
            if (c == '"') {
                ++i_;
                return true;
            }
            if (c < 0x20) return fail(i_, "control character in a string (write it as an escape)");
            if (c >= 0x80) {
                const size_t n = utf8Length();
                if (n == 0) return fail(i_, "invalid UTF-8 in a string");
                out.append(t_.data() + i_, n);
                i_ += n;
                continue;
            }
            if (c != '\\') {
                out += static_cast<char>(c);
                ++i_;
                continue;
            }
            if (i_ + 1 >= t_.size()) return fail(open, "unterminated string");
            const char e = t_[i_ + 1];
            if (e != 'u') {
                static const char names[] = "\"\\/bfnrt", chars[] = "\"\\/\b\f\n\r\t";
                const char* k = e ? std::strchr(names, e) : nullptr;
                if (!k) return fail(i_, "invalid escape in a string");
                out += chars[k - names];
                i_ += 2;
                continue;
            }
            const size_t esc = i_;
            unsigned cp = 0;
            if (!hex4(cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(esc, "unpaired surrogate in a \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (t_.substr(i_, 2) != "\\u") return fail(esc, "unpaired surrogate in a \\u escape");
                unsigned low = 0;
                if (!hex4(low)) return false;
                if (low < 0xDC00 || low > 0xDFFF) return fail(esc, "unpaired surrogate in a \\u escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            appendUtf8(out, cp);
        }
    }

    /// After a member or an element: the closing bracket, or a comma and no closing bracket.
    bool next(char close, bool& done) {
        skipWs();
        if ((done = eat(close))) return true;
        if (!eat(',')) {
            if (i_ >= t_.size()) return failEnd();
            return fail(i_, std::string("expected ',' or '") + close + "'");
        }
        skipWs();
        if (at(close)) return fail(i_, std::string("trailing comma before '") + close + "'");
        return true;
    }

    bool array(JsonValue& out, int depth) {
        if (depth > kMaxDepth) return fail(i_, "nesting deeper than 64");
        out.type = JsonValue::Type::Array;
        ++i_;
        skipWs();
        for (bool done = eat(']'); !done;) {
            out.array.emplace_back();
            if (!value(out.array.back(), depth) || !next(']', done)) return false;
        }
        return true;
    }

    bool object(JsonValue& out, int depth) {
        if (depth > kMaxDepth) return fail(i_, "nesting deeper than 64");
        out.type = JsonValue::Type::Object;
        ++i_;
        skipWs();
        for (bool done = eat('}'); !done;) {
            if (i_ >= t_.size()) return failEnd();
            if (t_[i_] != '"') return fail(i_, "expected a string key");
            std::string key;
            if (!string(key)) return false;
            skipWs();
            if (!eat(':')) return i_ >= t_.size() ? failEnd() : fail(i_, "expected ':'");
            skipWs();
            JsonValue v;
            if (!value(v, depth)) return false;
            out.object[key] = std::move(v);  // a repeated key: the last one wins, as in JavaScript
            if (!next('}', done)) return false;
        }
        return true;
    }

    std::string_view t_;
    size_t i_ = 0;
    size_t errPos_ = 0;
    std::string err_;
};

}  // namespace

std::optional<JsonValue> parseJson(std::string_view text, std::string* error) {
    return Parser(text).run(error);
}

}  // namespace optiscape
