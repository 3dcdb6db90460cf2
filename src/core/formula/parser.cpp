// The formula parser: characters to tokens, tokens to an expression graph (shared subexpressions
// merged, constant parts folded), the graph to a Program; every error names its column.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <tuple>

#include "core/formula/formula.h"
#include "core/formula/program.h"
#include "core/formula/wasm.h"

namespace optiscape {
namespace {

using detail::Op;
using detail::Tok;
using detail::Token;
using detail::isContinuation;
using detail::isDigit;
using detail::colPrefix;

struct Node {
    Op op = Op::Lit;
    int a = -1, b = -1;
    double lit = 0.0;
    int param = -1;
    uint8_t deps = 0;  ///< bit 0: depends on w1, bit 1: on w2
};

/// Builds the expression graph: equal subexpressions become one node, operations on numbers
/// only are folded into a number.
class Builder {
public:
    std::vector<Node> nodes;

    int lit(double v) { return intern(Op::Lit, -1, -1, v, -1); }
    int param(int k) { return intern(Op::Param, -1, -1, 0.0, k); }
    int var(int k) { return intern(k == 0 ? Op::W1 : Op::W2, -1, -1, 0.0, -1); }
    int op(Op o, int a, int b = -1) {
        if (nodes[a].op == Op::Lit && (b < 0 || nodes[b].op == Op::Lit))
            return lit(detail::scalarOp(o, nodes[a].lit, b < 0 ? 0.0 : nodes[b].lit));
        return intern(o, a, b, 0.0, -1);
    }

private:
    using Key = std::tuple<int, int, int, uint64_t, int>;
    std::map<Key, int> index_;

    int intern(Op o, int a, int b, double v, int p) {
        uint64_t bits = 0;
        static_assert(sizeof bits == sizeof v, "double is 64 bits");
        std::memcpy(&bits, &v, sizeof bits);
        const Key key{static_cast<int>(o), a, b, bits, p};
        const auto it = index_.find(key);
        if (it != index_.end()) return it->second;
        Node n;
        n.op = o;
        n.a = a;
        n.b = b;
        n.lit = v;
        n.param = p;
        n.deps = static_cast<uint8_t>((o == Op::W1 ? 1 : 0) | (o == Op::W2 ? 2 : 0) |
                                      (a >= 0 ? nodes[a].deps : 0) | (b >= 0 ? nodes[b].deps : 0));
        nodes.push_back(n);
        index_.emplace(key, static_cast<int>(nodes.size()) - 1);
        return static_cast<int>(nodes.size()) - 1;
    }
};

struct Function {
    const char* name;
    Op op;
    int minArgs, maxArgs;  ///< maxArgs −1: any number
};
const Function kFunctions[] = {
    {"sin", Op::Sin, 1, 1},         {"cos", Op::Cos, 1, 1},   {"tan", Op::Tan, 1, 1},
    {"exp", Op::Exp, 1, 1},         {"log", Op::Log, 1, 2},   {"sqrt", Op::Sqrt, 1, 1},
    {"abs", Op::Abs, 1, 1},         {"tanh", Op::Tanh, 1, 1}, {"sigmoid", Op::Sigmoid, 1, 1},
    {"relu", Op::Relu, 1, 1},       {"softplus", Op::Softplus, 1, 1},
    {"min", Op::Min, 1, -1},        {"max", Op::Max, 1, -1},
};

const Function* findFunction(std::string_view name) {
    for (const Function& f : kFunctions)
        if (name == f.name) return &f;
    return nullptr;
}

/// Edits (insert, delete, substitute, swap two neighbours) that turn a into b.
size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

/// A known function the name is likely a typo of: one edit away, or two for long names.
std::string suggestion(std::string_view name) {
    if (name == "ln") return "log";
    if (name.size() > 12) return "";
    std::string best;
    size_t bestKey = 100;  // distance first, then the difference in length (a swap beats a deletion)
    for (const Function& f : kFunctions) {
        const size_t d = editDistance(name, f.name);
        const size_t len = std::string_view(f.name).size();
        const size_t key = 10 * d + (len > name.size() ? len - name.size() : name.size() - len);
        if ((d <= 1 || (d == 2 && name.size() >= 6)) && key < bestKey) bestKey = key, best = f.name;
    }
    return best;
}

std::string functionList() {
    std::string out;
    for (const Function& f : kFunctions) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

bool isOtherVariable(std::string_view name) {
    if (name.size() < 2 || name[0] != 'w') return false;
    for (size_t i = 1; i < name.size(); ++i)
        if (!isDigit(static_cast<unsigned char>(name[i]))) return false;
    return name != "w1" && name != "w2";
}

class Parser {
public:
    Parser(std::string_view s, std::vector<Token> toks) : s_(s), t_(std::move(toks)) {}

    Builder b;
    std::vector<std::string> params;
    FormulaError err;

    int parseAll() {
        const int root = expr();
        if (root < 0) return -1;
        const Token& t = t_[i_];
        if (t.kind == Tok::End) return root;
        if (t.kind == Tok::RParen) return fail(t.col, "unmatched ')'");
        if (t.kind == Tok::Comma)
            return fail(t.col, "unexpected ',' (commas separate the arguments of min, max and log)");
        return fail(t.col, "unexpected '" + text(t) + "'");
    }

private:
    std::string_view s_;
    std::vector<Token> t_;
    size_t i_ = 0;
    int depth_ = 0;

    int fail(int col, const std::string& msg) {
        if (err.message.empty()) {
            err.column = col;
            err.message = colPrefix(col) + msg;
        }
        return -1;
    }
    std::string text(const Token& t) const { return std::string(s_.substr(t.pos, t.len)); }
    Tok peek() const { return t_[i_].kind; }

    int expr() {
        int lhs = term();
        while (lhs >= 0 && (peek() == Tok::Plus || peek() == Tok::Minus)) {
            const Op o = peek() == Tok::Plus ? Op::Add : Op::Sub;
            ++i_;
            const int rhs = term();
            if (rhs < 0) return -1;
            lhs = b.op(o, lhs, rhs);
        }
        return lhs;
    }

    int term() {
        int lhs = unary();
        while (lhs >= 0 && (peek() == Tok::Star || peek() == Tok::Slash)) {
            const Op o = peek() == Tok::Star ? Op::Mul : Op::Div;
            ++i_;
            const int rhs = unary();
            if (rhs < 0) return -1;
            lhs = b.op(o, lhs, rhs);
        }
        return lhs;
    }

    /// Signs in front of an operand; returns whether their product is −1.
    bool signs() {
        bool neg = false;
        while (peek() == Tok::Plus || peek() == Tok::Minus) {
            if (peek() == Tok::Minus) neg = !neg;
            ++i_;
        }
        return neg;
    }

    int unary() {
        const bool neg = signs();
        const int v = power();
        if (v < 0) return -1;
        return neg ? b.op(Op::Neg, v) : v;
    }

    /// a0 ^ ±a1 ^ ±a2 …, right-associative, folded from the right without recursion.
    int power() {
        const int base = primary();
        if (base < 0) return -1;
        std::vector<std::pair<bool, int>> chain;
        while (peek() == Tok::Caret) {
            ++i_;
            const bool neg = signs();
            const int a = primary();
            if (a < 0) return -1;
            chain.push_back({neg, a});
        }
        const Tok next = peek();
        if (next == Tok::Number || next == Tok::Name || next == Tok::LParen) {
            const std::string p = text(t_[i_ - 1]), n = text(t_[i_]);
            return fail(t_[i_].col, "expected an operator between '" + p + "' and '" + n +
                                        "' (write " + (p == ")" ? "(...)" : p) + "*" +
                                        (n == "(" ? "(...)" : n) + ")");
        }
        if (chain.empty()) return base;
        int r = chain.back().first ? b.op(Op::Neg, chain.back().second) : chain.back().second;
        for (size_t k = chain.size() - 1; k-- > 0;) {
            r = b.op(Op::Pow, chain[k].second, r);
            if (chain[k].first) r = b.op(Op::Neg, r);
        }
        return b.op(Op::Pow, base, r);
    }

    bool open(const Token& t) {
        if (++depth_ > Formula::kMaxDepth) {
            fail(t.col, "brackets nested deeper than " + std::to_string(Formula::kMaxDepth) +
                            " levels; simplify the formula");
            return false;
        }
        return true;
    }

    /// Expects ')' closing a bracket.
    bool close(bool inCall) {
        const Token& t = t_[i_];
        if (t.kind == Tok::RParen) {
            ++i_;
            --depth_;
            return true;
        }
        if (t.kind == Tok::End) return fail(t.col, "missing ')'"), false;
        if (t.kind == Tok::Comma && !inCall)
            return fail(t.col, "unexpected ',' (commas separate the arguments of min, max and log)"), false;
        return fail(t.col, "expected ')' but found '" + text(t) + "'"), false;
    }

    int primary() {
        const Token& t = t_[i_];
        switch (t.kind) {
            case Tok::Number:
                ++i_;
                return b.lit(t.number);
            case Tok::LParen: {
                if (!open(t)) return -1;
                ++i_;
                const int e = expr();
                if (e < 0 || !close(false)) return -1;
                return e;
            }
            case Tok::Name: return name();
            case Tok::End:
                return fail(t.col, "expected a number, variable or '(' after '" + text(t_[i_ - 1]) + "'");
            default:
                return fail(t.col, "expected a number, variable or '(' but found '" + text(t) + "'");
        }
    }

    int name() {
        const Token& t = t_[i_];
        const std::string n = text(t);
        ++i_;
        const Function* f = findFunction(n);
        if (peek() == Tok::LParen) {
            if (!f) {
                const std::string like = suggestion(n);
                if (!like.empty())
                    return fail(t.col, "unknown function '" + n + "' (did you mean '" + like + "'?)");
                return fail(t.col, "unknown function '" + n + "'; functions: " + functionList() +
                                       " (to multiply, write " + n + "*(...))");
            }
            const Token& lp = t_[i_];
            if (!open(lp)) return -1;
            ++i_;
            std::vector<int> args;
            if (peek() != Tok::RParen) {
                for (;;) {
                    const int a = expr();
                    if (a < 0) return -1;
                    args.push_back(a);
                    if (peek() != Tok::Comma) break;
                    ++i_;
                }
            }
            if (!close(true)) return -1;
            const int k = static_cast<int>(args.size());
            if (k < f->minArgs || (f->maxArgs >= 0 && k > f->maxArgs)) {
                std::string want = f->maxArgs < 0 ? "at least " + std::to_string(f->minArgs)
                                   : f->maxArgs == f->minArgs
                                       ? std::to_string(f->minArgs)
                                       : std::to_string(f->minArgs) + " or " + std::to_string(f->maxArgs);
                const bool one = f->maxArgs == 1 || (f->maxArgs < 0 && f->minArgs == 1);
                return fail(t.col, n + " takes " + want + (one ? " argument" : " arguments") +
                                       ", got " + std::to_string(k));
            }
            if (f->op == Op::Log && k == 2) return b.op(Op::Div, b.op(Op::Log, args[0]), b.op(Op::Log, args[1]));
            if (f->op == Op::Min || f->op == Op::Max) {
                int r = args[0];
                for (size_t j = 1; j < args.size(); ++j) r = b.op(f->op, r, args[j]);
                return r;
            }
            return b.op(f->op, args[0]);
        }
        if (f) return fail(t.col, "'" + n + "' is a function; write " + n + "(...)");
        if (n == "w1") return b.var(0);
        if (n == "w2") return b.var(1);
        if (n == "pi") return b.lit(3.14159265358979323846);
        if (n == "e") return b.lit(2.71828182845904523536);
        if (isOtherVariable(n))
            return fail(t.col, "unknown variable '" + n + "' (variables are w1, w2; other names are parameters)");
        const auto it = std::find(params.begin(), params.end(), n);
        if (it != params.end()) return b.param(static_cast<int>(it - params.begin()));
        params.push_back(n);
        return b.param(static_cast<int>(params.size()) - 1);
    }
};

using detail::Code;

Code unaryCode(Op op) {
    switch (op) {
        case Op::Neg: return Code::Neg;
        case Op::Sin: return Code::Sin;
        case Op::Cos: return Code::Cos;
        case Op::Tan: return Code::Tan;
        case Op::Exp: return Code::Exp;
        case Op::Log: return Code::Log;
        case Op::Sqrt: return Code::Sqrt;
        case Op::Abs: return Code::Abs;
        case Op::Tanh: return Code::Tanh;
        case Op::Sigmoid: return Code::Sigmoid;
        case Op::Relu: return Code::Relu;
        default: return Code::Softplus;
    }
}

/// The graph below `root` as a Program: constant nodes into the constant program, the rest into
/// the per-point program, each instruction specialised to its operands' kinds.
std::shared_ptr<detail::Program> compile(const Builder& b, int root, std::string text,
                                         std::vector<std::string> params) {
    auto p = std::make_shared<detail::Program>();
    p->text = std::move(text);
    const size_t n = b.nodes.size();
    std::vector<char> used(n, 0);
    used[static_cast<size_t>(root)] = 1;
    for (size_t k = n; k-- > 0;) {
        if (!used[k]) continue;
        if (b.nodes[k].a >= 0) used[static_cast<size_t>(b.nodes[k].a)] = 1;
        if (b.nodes[k].b >= 0) used[static_cast<size_t>(b.nodes[k].b)] = 1;
    }
    // Fusion: an inner Add/Sub used only by a square, or an inner Mul by a constant used only by
    // an Add/Sub, is computed inside its parent's instruction (fewer round trips through memory).
    const auto isVar = [&](int k) { return k >= 0 && b.nodes[static_cast<size_t>(k)].deps != 0; };
    const auto isLit = [&](int k, double v) {
        return k >= 0 && b.nodes[static_cast<size_t>(k)].op == Op::Lit && b.nodes[static_cast<size_t>(k)].lit == v;
    };
    std::vector<int> uses(n, 0);
    for (size_t k = 0; k < n; ++k) {
        if (!used[k]) continue;
        if (b.nodes[k].a >= 0) ++uses[static_cast<size_t>(b.nodes[k].a)];
        if (b.nodes[k].b >= 0 && b.nodes[k].b != b.nodes[k].a) ++uses[static_cast<size_t>(b.nodes[k].b)];
    }
    ++uses[static_cast<size_t>(root)];
    std::vector<char> fused(n, 0);
    const auto single = [&](int k, Op op) {
        return isVar(k) && b.nodes[static_cast<size_t>(k)].op == op && uses[static_cast<size_t>(k)] == 1;
    };
    const auto scaled = [&](int k) {  // var·const or const·var, used once
        if (!single(k, Op::Mul)) return false;
        const Node& m = b.nodes[static_cast<size_t>(k)];
        return isVar(m.a) != isVar(m.b);
    };
    const auto isSquare = [&](const Node& d) {
        return (d.op == Op::Pow && isVar(d.a) && isLit(d.b, 2.0)) || (d.op == Op::Mul && d.a == d.b);
    };
    // a single-use square of a single-use sum or difference: (x ± y)²
    const auto squaredSum = [&](int k) {
        if (!isVar(k) || uses[static_cast<size_t>(k)] != 1) return false;
        const Node& q = b.nodes[static_cast<size_t>(k)];
        return isSquare(q) && (single(q.a, Op::Add) || single(q.a, Op::Sub));
    };
    // a least-squares term: (x ± y)², or k·(x ± y)² with k constant
    const auto sqTerm = [&](int k) {
        if (squaredSum(k)) return true;
        if (!scaled(k)) return false;
        const Node& m = b.nodes[static_cast<size_t>(k)];
        return squaredSum(isVar(m.a) ? m.a : m.b);
    };
    // accTerm[k]: for a sum or difference k = x ± term fused into one AccSq instruction, the term
    std::vector<int> accTerm(n, -1);
    bool needOne = false;  // a term without a scale uses the literal 1
    for (size_t k = n; k-- > 0;) {
        const Node& d = b.nodes[k];
        if (!used[k] || fused[k] || d.deps == 0) continue;
        const bool square = isSquare(d);
        const bool sum = (d.op == Op::Add || d.op == Op::Sub) && d.a != d.b;
        const int term = !sum ? -1
                         : isVar(d.a) && sqTerm(d.b) ? d.b
                         : d.op == Op::Add && isVar(d.b) && sqTerm(d.a) ? d.a
                                                                        : -1;
        if (term >= 0) {
            accTerm[k] = term;
            const Node& m = b.nodes[static_cast<size_t>(term)];
            const int sq = squaredSum(term) ? term : (isVar(m.a) ? m.a : m.b);
            if (sq != term) fused[static_cast<size_t>(sq)] = 1;
            else needOne = true;
            fused[static_cast<size_t>(term)] = 1;
            fused[static_cast<size_t>(b.nodes[static_cast<size_t>(sq)].a)] = 1;
        } else if (square && (single(d.a, Op::Add) || single(d.a, Op::Sub))) {
            fused[static_cast<size_t>(d.a)] = 1;
        } else if ((d.op == Op::Add || d.op == Op::Sub) && d.a != d.b && isVar(d.a) && scaled(d.b)) {
            fused[static_cast<size_t>(d.b)] = 1;
        } else if (d.op == Op::Add && d.a != d.b && isVar(d.b) && scaled(d.a)) {
            fused[static_cast<size_t>(d.a)] = 1;
        }
    }

    std::vector<int> slot(n, -1);  // constant slot or variable slot
    p->constInit.assign(params.size(), 0.0);
    int one = -1;  // the constant slot of the literal 1
    for (size_t k = 0; k < n; ++k)
        if (used[k] && b.nodes[k].op == Op::Lit) {
            slot[k] = static_cast<int>(p->constInit.size());
            p->constInit.push_back(b.nodes[k].lit);
            if (b.nodes[k].lit == 1.0) one = slot[k];
        }
    if (needOne && one < 0) {
        one = static_cast<int>(p->constInit.size());
        p->constInit.push_back(1.0);
    }
    p->firstComputed = static_cast<int>(p->constInit.size());

    for (size_t k = 0; k < n; ++k) {
        const Node& d = b.nodes[k];
        if (!used[k] || d.op == Op::Lit || fused[k]) continue;
        if (d.op == Op::Param) {
            slot[k] = d.param;
        } else if (d.op == Op::W1 || d.op == Op::W2) {
            slot[k] = d.op == Op::W1 ? 0 : 1;
        } else if (d.deps == 0) {
            slot[k] = static_cast<int>(p->constInit.size());
            p->constInit.push_back(0.0);
            p->cprog.push_back({d.op, slot[static_cast<size_t>(d.a)], d.b >= 0 ? slot[static_cast<size_t>(d.b)] : -1});
        } else {
            const int a = slot[static_cast<size_t>(d.a)], bb = d.b >= 0 ? slot[static_cast<size_t>(d.b)] : -1;
            const bool va = b.nodes[static_cast<size_t>(d.a)].deps != 0;
            const bool vb = d.b >= 0 && b.nodes[static_cast<size_t>(d.b)].deps != 0;
            detail::Instr in;
            in.a = a;
            in.b = bb;
            // the fused forms first
            if (accTerm[k] >= 0) {
                // x ± k·(y ± z)²: r[a] + c[d]·(…)², the sign of a difference folded into c[d]
                const int term = accTerm[k];
                const Node& m = b.nodes[static_cast<size_t>(term)];
                const bool scaledTerm = !squaredSum(term);
                const int sq = scaledTerm ? (isVar(m.a) ? m.a : m.b) : term;
                int scale = scaledTerm ? slot[static_cast<size_t>(isVar(m.a) ? m.b : m.a)] : one;
                if (d.op == Op::Sub) {
                    p->cprog.push_back({Op::Neg, scale, -1});
                    scale = static_cast<int>(p->constInit.size());
                    p->constInit.push_back(0.0);
                }
                const Node& t = b.nodes[static_cast<size_t>(b.nodes[static_cast<size_t>(sq)].a)];
                const bool ta = isVar(t.a), tb = isVar(t.b);
                in.a = slot[static_cast<size_t>(term == d.b ? d.a : d.b)];
                in.b = slot[static_cast<size_t>(ta ? t.a : t.b)];
                in.c = slot[static_cast<size_t>(ta ? t.b : t.a)];
                in.d = scale;
                if (t.op == Op::Add) in.code = ta && tb ? Code::AccSqAddVV : Code::AccSqAddVC;
                else in.code = ta && tb ? Code::AccSqSubVV : ta ? Code::AccSqSubVC : Code::AccSqSubCV;
                slot[k] = 2 + static_cast<int>(p->prog.size());
                p->prog.push_back(in);
                continue;
            }
            const bool square = (d.op == Op::Pow && isLit(d.b, 2.0)) || (d.op == Op::Mul && d.a == d.b);
            if (square && fused[static_cast<size_t>(d.a)]) {
                const Node& t = b.nodes[static_cast<size_t>(d.a)];
                const bool ta = isVar(t.a), tb = isVar(t.b);
                in.a = ta ? slot[static_cast<size_t>(t.a)] : slot[static_cast<size_t>(t.b)];
                in.b = ta ? slot[static_cast<size_t>(t.b)] : slot[static_cast<size_t>(t.a)];
                if (t.op == Op::Add) in.code = ta && tb ? Code::SqAddVV : Code::SqAddVC;
                else in.code = ta && tb ? Code::SqSubVV : ta ? Code::SqSubVC : Code::SqSubCV;
                slot[k] = 2 + static_cast<int>(p->prog.size());
                p->prog.push_back(in);
                continue;
            }
            const int m = (d.op == Op::Add || d.op == Op::Sub) ? (d.b >= 0 && fused[static_cast<size_t>(d.b)] ? d.b
                                                               : fused[static_cast<size_t>(d.a)] ? d.a : -1)
                                                            : -1;
            if (m >= 0) {
                const Node& t = b.nodes[static_cast<size_t>(m)];
                const int x = m == d.b ? d.a : d.b;
                in.code = d.op == Op::Add ? Code::AddMulVVC : Code::SubMulVVC;
                in.a = slot[static_cast<size_t>(x)];
                in.b = slot[static_cast<size_t>(isVar(t.a) ? t.a : t.b)];
                in.c = slot[static_cast<size_t>(isVar(t.a) ? t.b : t.a)];
                slot[k] = 2 + static_cast<int>(p->prog.size());
                p->prog.push_back(in);
                continue;
            }
            const auto pick = [&](Code vv, Code vc, Code cv) {
                in.code = va && vb ? vv : va ? vc : cv;
                if (!va) std::swap(in.a, in.b);  // operand a is always a variable slot
            };
            switch (d.op) {
                case Op::Add: pick(Code::AddVV, Code::AddVC, Code::AddVC); break;
                case Op::Sub: pick(Code::SubVV, Code::SubVC, Code::SubCV); break;
                case Op::Mul:
                    pick(Code::MulVV, Code::MulVC, Code::MulVC);
                    if (in.code == Code::MulVV && a == bb) in.code = Code::Square;
                    break;
                case Op::Div: pick(Code::DivVV, Code::DivVC, Code::DivCV); break;
                case Op::Pow:
                    pick(Code::PowVV, Code::PowVC, Code::PowCV);
                    if (in.code == Code::PowVC && b.nodes[static_cast<size_t>(d.b)].op == Op::Lit &&
                        b.nodes[static_cast<size_t>(d.b)].lit == 2.0)
                        in.code = Code::Square;
                    break;
                case Op::Min: pick(Code::MinVV, Code::MinVC, Code::MinVC); break;
                case Op::Max: pick(Code::MaxVV, Code::MaxVC, Code::MaxVC); break;
                default: in.code = unaryCode(d.op); break;
            }
            slot[k] = 2 + static_cast<int>(p->prog.size());
            p->prog.push_back(in);
        }
    }
    const Node& r = b.nodes[static_cast<size_t>(root)];
    p->slots = p->prog.size() + 2;
    for (detail::Instr& in : p->prog) in.op = detail::dispatchIndex(in.code, in.a < 2 ? in.a : -1);
    p->rootIsVar = r.deps != 0;
    p->root = slot[static_cast<size_t>(root)];
    p->dep[0] = (r.deps & 1) != 0;
    p->dep[1] = (r.deps & 2) != 0;
    p->params = std::move(params);
    return p;
}

}  // namespace

std::optional<Formula> Formula::parse(std::string_view text, FormulaError* error) {
    FormulaError local;
    FormulaError& err = error ? *error : local;
    err = FormulaError{};
    size_t chars = 0;
    for (const char c : text) chars += isContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
    if (chars > kMaxLength) {
        err.message = "the formula has " + std::to_string(chars) + " characters; at most " +
                      std::to_string(kMaxLength) + " are allowed";
        return std::nullopt;
    }
    std::vector<detail::Token> toks;
    if (!detail::tokenize(text, &toks, &err)) return std::nullopt;
    if (toks.size() == 1) {
        err.message = "the formula is empty; write an expression in w1 and w2, e.g. w1^2 + w2^2";
        return std::nullopt;
    }
    Parser parser(text, std::move(toks));
    const int root = parser.parseAll();
    if (root < 0) {
        err = parser.err;
        return std::nullopt;
    }
    auto program = compile(parser.b, root, std::string(text), parser.params);
    if (const FormulaCompiler* compiler = formulaCompiler()) {
        const std::vector<uint8_t> module = detail::wasmModuleOf(*program);
        if (!module.empty()) {
            program->compiled = compiler->install(module.data(), module.size());
            program->release = compiler->release;
        }
    }
    return Formula(std::move(program));
}

}  // namespace optiscape
