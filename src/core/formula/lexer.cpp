// The formula lexer: characters to tokens (numbers, names, operators, brackets), with the column
// of each; an unexpected character or a malformed number is an error naming its column.
#include <cstdio>
#include <cstdlib>

#include "core/formula/formula.h"
#include "core/formula/program.h"

namespace optiscape {
namespace detail {
namespace {

bool isAsciiNameStart(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
/// Bytes of a Greek letter (U+0391 … U+03FF) at s[i], or 0.
size_t greekAt(std::string_view s, size_t i) {
    if (i + 1 >= s.size()) return 0;
    const unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a == 0xCE && b >= 0x91 && b <= 0xBF) return 2;
    if (a == 0xCF && b >= 0x80 && b <= 0xBF) return 2;
    return 0;
}

/// The character at s[i] for a message: itself if printable UTF-8, else U+XXXX or byte 0xNN.
std::string describeChar(std::string_view s, size_t i, size_t* bytes) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = isContinuation(static_cast<unsigned char>(s[i + k]));
    char buf[16];
    if (!ok) {
        *bytes = 1;
        std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
        return buf;
    }
    *bytes = n;
    if (n == 1 && (c < 0x20 || c == 0x7F)) {
        std::snprintf(buf, sizeof buf, "U+%04X", c);
        return buf;
    }
    return "'" + std::string(s.substr(i, n)) + "'";
}

std::string hintFor(const std::string& ch) {
    if (ch == "'−'" || ch == "'–'") return " (write - for minus)";
    if (ch == "'·'" || ch == "'×'" || ch == "'⋅'") return " (write * to multiply)";
    if (ch == "'²'" || ch == "'³'") return " (write ^2 or ^3 for a power)";
    if (ch == "'['" || ch == "']'" || ch == "'{'" || ch == "'}'") return " (group with parentheses)";
    if (ch == "';'") return " (write one expression)";
    return "";
}

struct Lexer {
    std::string_view s;
    std::vector<Token> toks;
    FormulaError err;

    bool fail(int col, const std::string& msg) {
        err.column = col;
        err.message = colPrefix(col) + msg;
        return false;
    }

    bool run() {
        size_t i = 0;
        int col = 1;
        const auto advance = [&](size_t n) {
            for (size_t k = 0; k < n; ++k)
                if (!isContinuation(static_cast<unsigned char>(s[i + k]))) ++col;
            i += n;
        };
        while (i < s.size()) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                advance(1);
                continue;
            }
            Token t;
            t.pos = i;
            t.col = col;
            if (isDigit(c) || (c == '.' && i + 1 < s.size() && isDigit(static_cast<unsigned char>(s[i + 1])))) {
                size_t j = i;
                while (j < s.size() && isDigit(static_cast<unsigned char>(s[j]))) ++j;
                if (j < s.size() && s[j] == '.') {
                    ++j;
                    while (j < s.size() && isDigit(static_cast<unsigned char>(s[j]))) ++j;
                }
                bool bad = false;
                if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                    // an exponent needs digits: "1e3", "1e-3"; "1e+" is malformed; "2e" and
                    // "2ex" end the number (the name after it is then a missing operator)
                    size_t k = j + 1;
                    const bool sign = k < s.size() && (s[k] == '+' || s[k] == '-');
                    if (sign) ++k;
                    if (k < s.size() && isDigit(static_cast<unsigned char>(s[k]))) {
                        while (k < s.size() && isDigit(static_cast<unsigned char>(s[k]))) ++k;
                        j = k;
                    } else if (sign) {
                        bad = true;
                        j = k;
                    }
                }
                if (!bad && j < s.size() && s[j] == '.') bad = true, ++j;
                if (bad) {
                    while (j < s.size() && (isDigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
                    return fail(col, "malformed number '" + std::string(s.substr(i, j - i)) +
                                         "'; write numbers as 2, 0.5, .5 or 1e-3");
                }
                const std::string text(s.substr(i, j - i));
                t.kind = Tok::Number;
                t.number = std::strtod(text.c_str(), nullptr);
                t.len = j - i;
                toks.push_back(t);
                advance(t.len);
                continue;
            }
            if (isAsciiNameStart(c) || greekAt(s, i)) {
                size_t j = i;
                for (;;) {
                    if (j < s.size() && (isAsciiNameStart(static_cast<unsigned char>(s[j])) ||
                                         isDigit(static_cast<unsigned char>(s[j])))) {
                        ++j;
                    } else if (const size_t g = greekAt(s, j)) {
                        j += g;
                    } else {
                        break;
                    }
                }
                t.kind = Tok::Name;
                t.len = j - i;
                toks.push_back(t);
                advance(t.len);
                continue;
            }
            switch (c) {
                case '+': t.kind = Tok::Plus; break;
                case '-': t.kind = Tok::Minus; break;
                case '*':
                    if (i + 1 < s.size() && s[i + 1] == '*')
                        return fail(col, "'**' is not an operator; write ^ for a power");
                    t.kind = Tok::Star;
                    break;
                case '/': t.kind = Tok::Slash; break;
                case '^': t.kind = Tok::Caret; break;
                case '(': t.kind = Tok::LParen; break;
                case ')': t.kind = Tok::RParen; break;
                case ',': t.kind = Tok::Comma; break;
                default: {
                    size_t n = 1;
                    const std::string ch = describeChar(s, i, &n);
                    if (c == '.') return fail(col, "malformed number '.'; write numbers as 2, 0.5, .5 or 1e-3");
                    return fail(col, "unexpected character " + ch + hintFor(ch));
                }
            }
            t.len = 1;
            toks.push_back(t);
            advance(1);
        }
        Token end;
        end.kind = Tok::End;
        end.pos = s.size();
        end.col = col;
        toks.push_back(end);
        return true;
    }
};

}  // namespace

std::string colPrefix(int col) { return "column " + std::to_string(col) + ": "; }

bool tokenize(std::string_view text, std::vector<Token>* toks, FormulaError* err) {
    Lexer lex{text, {}, {}};
    if (!lex.run()) {
        *err = lex.err;
        return false;
    }
    *toks = std::move(lex.toks);
    return true;
}

}  // namespace detail
}  // namespace optiscape
