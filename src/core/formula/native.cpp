// The native formula compiler (native.h): the WebAssembly module of wasmModuleOf() translated
// to x86-64 SSE2, one machine instruction or two per WebAssembly one, and installed in pages of
// its own. The module is a stack machine over locals that are each written once; here every stack
// entry and every local is an xmm register (Translator: a local stays in the register that
// computed it until its last read, and only when the sixteen run out does the one read last go to
// the stack frame). Every arithmetic operation is the IEEE operation the module names on the same
// operands (SSE2's scalar and packed adds, subtracts, multiplies and divides round as
// WebAssembly's do), so the compiled code gives the interpreter's numbers to the last bit, as the
// page's does. Keeping the locals in registers is what pays: with every local in the frame,
// Rosenbrock's evaluation took 19 ns, against 10.4 interpreted and 7.2 now (bench_formula).
#include "core/formula/native.h"

#if OPTISCAPE_NATIVE_FORMULAS

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <utility>

namespace optiscape {
namespace detail {
namespace {

// ---- reading the module ------------------------------------------------------------------

struct Reader {
    const uint8_t* p;
    const uint8_t* end;
    bool ok = true;

    bool more() const { return ok && p < end; }
    uint8_t byte() {
        if (p >= end) {
            ok = false;
            return 0;
        }
        return *p++;
    }
    uint32_t u32() {
        uint32_t v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            const uint8_t b = byte();
            v |= static_cast<uint32_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        ok = false;
        return 0;
    }
    void bytes(void* out, size_t n) {
        if (static_cast<size_t>(end - p) < n) {
            ok = false;
            return;
        }
        std::memcpy(out, p, n);
        p += n;
    }
};

// The module's one function type, (i32 constants, f64 w1, f64 w2, i32 out) → () (wasm.cpp).
constexpr uint8_t kType[] = {0x01, 0x60, 0x04, 0x7f, 0x7c, 0x7c, 0x7f, 0x00};

enum class Kind : uint8_t { F64, V128, Constants, Out };

// ---- writing x86-64 ------------------------------------------------------------------------

constexpr int kRsp = 4, kRsi = 6, kRdi = 7;  // the frame, out, the constants

// SSE2 opcodes (after 0F), and their prefixes: 66 packed doubles, F2 scalar doubles
constexpr uint8_t kPacked = 0x66, kScalar = 0xf2;
constexpr uint8_t kLoad = 0x10, kStore = 0x11, kUnpackLow = 0x14, kUnpackHigh = 0x15, kXor = 0x57,
                  kAdd = 0x58, kMul = 0x59, kSub = 0x5c, kDiv = 0x5e;

struct Bits16 {
    uint8_t b[16];
    bool operator<(const Bits16& o) const { return std::memcmp(b, o.b, 16) < 0; }
};

class Emitter {
public:
    std::vector<uint8_t> code;

    void byte(uint8_t b) { code.push_back(b); }
    void u32(uint32_t v) {
        for (int i = 0; i < 4; ++i) byte(static_cast<uint8_t>(v >> (8 * i)));
    }
    /// prefix, REX where a register is xmm8–15, 0F op.
    void head(uint8_t prefix, uint8_t op, int reg, int rm) {
        byte(prefix);
        if (reg >= 8 || rm >= 8) byte(static_cast<uint8_t>(0x40 | ((reg >> 3) << 2) | (rm >> 3)));
        byte(0x0f);
        byte(op);
    }
    /// op xmm(dst), xmm(src).
    void rr(uint8_t prefix, uint8_t op, int dst, int src) {
        head(prefix, op, dst, src);
        byte(static_cast<uint8_t>(0xc0 | ((dst & 7) << 3) | (src & 7)));
    }
    /// op xmm(reg), [base + disp], or for a store op [base + disp], xmm(reg).
    void rm(uint8_t prefix, uint8_t op, int reg, int base, uint32_t disp) {
        head(prefix, op, reg, base);
        byte(static_cast<uint8_t>(0x80 | ((reg & 7) << 3) | (base & 7)));
        if ((base & 7) == kRsp) byte(0x24);  // SIB: [rsp + disp]
        u32(disp);
    }
    /// op xmm(reg), [rip + the pool's entry holding `bits`].
    void rip(uint8_t prefix, uint8_t op, int reg, const Bits16& bits) {
        head(prefix, op, reg, 0);
        byte(static_cast<uint8_t>(((reg & 7) << 3) | 5));
        auto it = pool_.find(bits);
        if (it == pool_.end()) it = pool_.emplace(bits, pool_.size()).first;
        fixups_.emplace_back(code.size(), it->second);
        u32(0);  // the displacement, once the pool's place is known (finish)
    }
    /// sub rsp, n (sub) or add rsp, n.
    void adjustRsp(bool sub, uint32_t n) {
        byte(0x48), byte(0x81), byte(sub ? 0xec : 0xc4), u32(n);
    }
    /// Lays the pool out after the code, 16-byte aligned (xorpd's operand must be), and points every
    /// displacement at its entry.
    void finish() {
        while (code.size() % 16) byte(0xcc);
        const size_t base = code.size();
        code.resize(base + 16 * pool_.size());
        for (const auto& [bits, index] : pool_) std::memcpy(code.data() + base + 16 * index, bits.b, 16);
        for (const auto& [at, index] : fixups_) {
            const int64_t disp = static_cast<int64_t>(base + 16 * index) - static_cast<int64_t>(at + 4);
            const uint32_t d = static_cast<uint32_t>(static_cast<int32_t>(disp));
            for (int i = 0; i < 4; ++i) code[at + static_cast<size_t>(i)] = static_cast<uint8_t>(d >> (8 * i));
        }
    }

private:
    std::map<Bits16, size_t> pool_;
    std::vector<std::pair<size_t, size_t>> fixups_;  // (where a displacement is, its entry)
};

Bits16 bitsOf(const void* p, size_t n) {
    Bits16 b{};
    std::memcpy(b.b, p, n);
    return b;
}

Bits16 signMask() {
    const uint64_t m[2] = {0x8000000000000000ull, 0x8000000000000000ull};
    return bitsOf(m, 16);
}

constexpr size_t kMaxFrame = 256 * 1024;  // bytes of spilled locals (a longer formula is interpreted)
constexpr size_t kMaxLocals = 50000;      // as WebAssembly engines allow
constexpr size_t kMaxDepth = 16;          // the operand stack: at most one register per entry

// WebAssembly opcodes wasm.cpp writes, and nothing else is accepted
constexpr uint8_t kLocalGet = 0x20, kLocalSet = 0x21, kF64Load = 0x2b, kF64Store = 0x39,
                  kF64Const = 0x44, kF64Neg = 0x9a, kF64Add = 0xa0, kF64Sub = 0xa1, kF64Mul = 0xa2,
                  kF64Div = 0xa3, kEnd = 0x0b, kSimd = 0xfd;
constexpr uint32_t kV128Store = 0x0b, kV128Const = 0x0c, kF64x2Splat = 0x14, kF64x2Extract = 0x21,
                   kF64x2Neg = 0xed, kF64x2Add = 0xf0, kF64x2Sub = 0xf1, kF64x2Mul = 0xf2,
                   kF64x2Div = 0xf3;

uint8_t sseOf(uint32_t wasmOp) {
    switch (wasmOp) {
        case kF64Add: case kF64x2Add: return kAdd;
        case kF64Sub: case kF64x2Sub: return kSub;
        case kF64Mul: case kF64x2Mul: return kMul;
        default: return kDiv;
    }
}

/// One decoded instruction of the function's body: a WebAssembly opcode (a SIMD one as
/// kSimd << 8 | its number), its index or offset or lane, its constant's bits.
struct Ins {
    uint32_t op = 0;
    uint32_t arg = 0;
    Bits16 bits{};
};

constexpr uint32_t simd(uint32_t s) { return static_cast<uint32_t>(kSimd) << 8 | s; }

/// The register allocation: a stack entry is an xmm register of its own, or a local's register
/// borrowed (read, never written: an operation that writes it takes a copy first); a local
/// written by local.set stays in the register that computed it until its last local.get, and
/// goes to its slot in the frame only when the registers run out (the one used last, then).
class Translator {
public:
    Translator(const std::vector<Kind>& locals, const std::vector<std::vector<uint32_t>>& uses, Emitter& e)
        : locals_(locals), uses_(uses), next_(locals.size(), 0), where_(locals.size(), -1),
          stored_(locals.size(), false), slot_(locals.size(), kNoSlot), e_(e) {}

    struct Entry {
        Kind kind;
        int reg = -1;  // none for the two pointers
        bool borrowed = false;
    };
    std::vector<Entry> stack;
    bool ok = true;

    /// w1 and w2 arrive in xmm0 and xmm1: they are those locals' registers.
    void params() {
        for (int i = 1; i <= 2; ++i) {
            regs_[i - 1].local = i;
            where_[static_cast<size_t>(i)] = i - 1;
            maybeFree(i - 1);
        }
    }

    void get(uint32_t i) {
        const Kind k = locals_[i];
        if (k == Kind::Constants || k == Kind::Out) {
            stack.push_back({k});
            return;
        }
        ++next_[i];  // this use
        int r = where_[i];
        if (r < 0) {  // in the frame: back into a register, kept there for its next uses
            if (!stored_[i]) {
                ok = false;  // read before it was written: not a module of wasmModuleOf()
                return;
            }
            r = alloc();
            if (r < 0) return;
            e_.rm(k == Kind::F64 ? kScalar : kPacked, kLoad, r, kRsp, slot_[i]);
            regs_[r].local = static_cast<int>(i);
            where_[i] = r;
        }
        if (remaining(i) == 0 && regs_[r].pins == 0) {  // its last use: the entry takes the register
            regs_[r].local = -1;
            where_[i] = -1;
            regs_[r].owned = true;
            stack.push_back({k, r, false});
        } else {
            ++regs_[r].pins;
            stack.push_back({k, r, true});
        }
    }

    void set(uint32_t i) {
        Entry v = stack.back();
        stack.pop_back();
        if (uses_[i].empty()) {  // never read
            release(v);
            return;
        }
        own(v);
        if (!ok) return;
        if (where_[i] >= 0) regs_[where_[i]].local = -1;  // a second value (not written by wasm.cpp)
        regs_[v.reg].owned = false;
        regs_[v.reg].local = static_cast<int>(i);
        where_[i] = v.reg;
        stored_[i] = false;
    }

    /// A new register for a value about to be written (-1 and !ok if none can be had).
    int alloc() {
        for (int r = 0; r < 16; ++r)
            if (isFree(r)) return r;
        // spill the local whose next use is farthest
        int best = -1;
        uint32_t farthest = 0;
        for (int r = 0; r < 16; ++r) {
            const Reg& g = regs_[r];
            if (g.local < 0 || g.pins > 0 || g.owned) continue;
            const uint32_t n = nextUse(static_cast<size_t>(g.local));
            if (best < 0 || n > farthest) best = r, farthest = n;
        }
        if (best < 0) {
            ok = false;
            return -1;
        }
        const size_t l = static_cast<size_t>(regs_[best].local);
        if (!stored_[l]) {
            if (slot_[l] == kNoSlot) slot_[l] = 16 * spilled_++;  // each spilled local has one
            e_.rm(locals_[l] == Kind::F64 ? kScalar : kPacked, kStore, best, kRsp, slot_[l]);
            stored_[l] = true;
        }
        where_[l] = -1;
        regs_[best].local = -1;
        return best;
    }

    /// Makes the entry a register of its own (a copy of a borrowed one).
    void own(Entry& v) {
        if (!v.borrowed) return;
        const int r = alloc();
        if (r < 0) return;
        e_.rr(kPacked, 0x28, r, v.reg);  // movapd
        --regs_[v.reg].pins;
        maybeFree(v.reg);
        regs_[r].owned = true;
        v.reg = r;
        v.borrowed = false;
    }

    /// A new entry in a register of its own.
    int push(Kind k) {
        const int r = alloc();
        if (r < 0) return -1;
        regs_[r].owned = true;
        stack.push_back({k, r, false});
        return r;
    }

    void release(const Entry& v) {
        if (v.reg < 0) return;
        if (v.borrowed) {
            --regs_[v.reg].pins;
            maybeFree(v.reg);
        } else {
            regs_[v.reg].owned = false;
        }
    }

    /// Bytes of frame the spilled locals need.
    uint32_t frameBytes() const { return 16 * spilled_; }

private:
    static constexpr uint32_t kNoSlot = 0xffffffffu;
    struct Reg {
        int local = -1;  // the local it holds
        int pins = 0;    // stack entries borrowing it
        bool owned = false;
    };
    bool isFree(int r) const { return regs_[r].local < 0 && regs_[r].pins == 0 && !regs_[r].owned; }
    size_t remaining(size_t l) const { return uses_[l].size() - next_[l]; }
    uint32_t nextUse(size_t l) const { return remaining(l) ? uses_[l][next_[l]] : 0xffffffffu; }
    /// A local's register is freed after its last use, once no entry borrows it.
    void maybeFree(int r) {
        Reg& g = regs_[r];
        if (g.local >= 0 && g.pins == 0 && remaining(static_cast<size_t>(g.local)) == 0) {
            where_[static_cast<size_t>(g.local)] = -1;
            g.local = -1;
        }
    }

    const std::vector<Kind>& locals_;
    const std::vector<std::vector<uint32_t>>& uses_;  // the positions of each local's local.get
    std::vector<size_t> next_;                        // its uses made so far
    std::vector<int> where_;                          // its register, or -1
    std::vector<bool> stored_;                        // whether its frame slot holds it
    std::vector<uint32_t> slot_;                      // its place in the frame, once spilled
    uint32_t spilled_ = 0;
    Reg regs_[16];
    Emitter& e_;
};

/// The body's instructions through the translator into e; false where the module is not one
/// of wasmModuleOf()'s.
bool translate(const std::vector<Ins>& code, const std::vector<Kind>& locals, Translator& t, Emitter& e) {
    t.params();
    std::vector<Translator::Entry>& stack = t.stack;
    const auto top = [&](Kind k, size_t below = 0) {
        return stack.size() > below && stack[stack.size() - 1 - below].kind == k;
    };
    for (const Ins& in : code) {
        if (!t.ok) return false;
        if (stack.size() >= kMaxDepth) return false;
        const uint32_t op = in.op;
        if (op == kLocalGet) {
            t.get(in.arg);
        } else if (op == kLocalSet) {
            const Kind k = locals[in.arg];
            if ((k != Kind::F64 && k != Kind::V128) || !top(k)) return false;
            t.set(in.arg);
        } else if (op == kF64Load) {
            if (!top(Kind::Constants)) return false;
            stack.pop_back();
            const int reg = t.push(Kind::F64);
            if (reg >= 0) e.rm(kScalar, kLoad, reg, kRdi, in.arg);
        } else if (op == kF64Store || op == simd(kV128Store)) {
            const Kind k = op == kF64Store ? Kind::F64 : Kind::V128;
            if (!top(k) || !top(Kind::Out, 1)) return false;
            const Translator::Entry v = stack.back();
            e.rm(k == Kind::F64 ? kScalar : kPacked, kStore, v.reg, kRsi, in.arg);
            t.release(v);
            stack.resize(stack.size() - 2);
        } else if (op == kF64Const || op == simd(kV128Const)) {
            const bool pair = op != kF64Const;
            const int reg = t.push(pair ? Kind::V128 : Kind::F64);
            if (reg >= 0) e.rip(pair ? kPacked : kScalar, kLoad, reg, in.bits);
        } else if (op == kF64Neg || op == simd(kF64x2Neg)) {
            if (!top(op == kF64Neg ? Kind::F64 : Kind::V128)) return false;
            t.own(stack.back());
            if (t.ok) e.rip(kPacked, kXor, stack.back().reg, signMask());  // flips the sign bits
        } else if (op == kF64Add || op == kF64Sub || op == kF64Mul || op == kF64Div ||
                   op == simd(kF64x2Add) || op == simd(kF64x2Sub) || op == simd(kF64x2Mul) ||
                   op == simd(kF64x2Div)) {
            const bool pair = op > 0xff;
            const Kind k = pair ? Kind::V128 : Kind::F64;
            if (!top(k) || !top(k, 1)) return false;
            Translator::Entry& a = stack[stack.size() - 2];
            t.own(a);  // a op= b
            if (!t.ok) return false;
            e.rr(pair ? kPacked : kScalar, sseOf(pair ? op & 0xff : op), a.reg, stack.back().reg);
            t.release(stack.back());
            stack.pop_back();
        } else if (op == simd(kF64x2Splat)) {
            if (!top(Kind::F64)) return false;
            t.own(stack.back());
            if (t.ok) e.rr(kPacked, kUnpackLow, stack.back().reg, stack.back().reg);  // (x, x)
            stack.back().kind = Kind::V128;
        } else if (op == simd(kF64x2Extract)) {
            if (!top(Kind::V128) || in.arg > 1) return false;
            if (in.arg == 1) {  // the high lane into the low one
                t.own(stack.back());
                if (t.ok) e.rr(kPacked, kUnpackHigh, stack.back().reg, stack.back().reg);
            }
            stack.back().kind = Kind::F64;  // a scalar is its register's low lane
        } else if (op == kEnd) {
            if (!stack.empty()) return false;
        } else {
            return false;
        }
    }
    return t.ok;
}

}  // namespace

std::vector<uint8_t> x86CodeOfModule(const uint8_t* module, size_t size) {
    static const uint8_t kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    if (size < 8 || std::memcmp(module, kHeader, 8) != 0) return {};
    Reader r{module + 8, module + size};
    Reader body{nullptr, nullptr};
    bool typed = false;
    while (r.more()) {
        const uint8_t id = r.byte();
        const uint32_t length = r.u32();
        if (!r.ok || length > static_cast<size_t>(r.end - r.p)) return {};
        const Reader section{r.p, r.p + length};
        r.p += length;
        if (id == 1) typed = length == sizeof kType && std::memcmp(section.p, kType, sizeof kType) == 0;
        if (id == 10) body = section;
    }
    if (!r.ok || !typed || body.p == nullptr) return {};

    // the one function: its locals, then its instructions up to the final end
    if (body.u32() != 1) return {};
    const uint32_t fnSize = body.u32();
    if (!body.ok || fnSize != static_cast<size_t>(body.end - body.p)) return {};
    std::vector<Kind> locals = {Kind::Constants, Kind::F64, Kind::F64, Kind::Out};
    const uint32_t runs = body.u32();
    for (uint32_t k = 0; k < runs && body.ok; ++k) {
        const uint32_t n = body.u32();
        const uint8_t type = body.byte();
        if (type != 0x7c && type != 0x7b) return {};
        if (n > kMaxLocals) return {};
        locals.insert(locals.end(), n, type == 0x7c ? Kind::F64 : Kind::V128);
        if (locals.size() > kMaxLocals) return {};
    }
    if (!body.ok) return {};

    // decoded, with every local's uses
    std::vector<Ins> code;
    std::vector<std::vector<uint32_t>> uses(locals.size());
    bool ended = false;
    while (body.more() && !ended) {
        Ins in;
        in.op = body.byte();
        switch (in.op) {
            case kLocalGet: case kLocalSet:
                in.arg = body.u32();
                if (in.arg >= locals.size()) return {};
                if (in.op == kLocalGet) uses[in.arg].push_back(static_cast<uint32_t>(code.size()));
                break;
            case kF64Load: case kF64Store:
                body.u32();  // alignment
                in.arg = body.u32();
                break;
            case kF64Const: body.bytes(in.bits.b, 8); break;
            case kF64Neg: case kF64Add: case kF64Sub: case kF64Mul: case kF64Div: break;
            case kEnd: ended = true; break;
            case kSimd:
                in.op = simd(body.u32());
                if (in.op == simd(kV128Store)) {
                    body.u32();
                    in.arg = body.u32();
                } else if (in.op == simd(kV128Const)) {
                    body.bytes(in.bits.b, 16);
                } else if (in.op == simd(kF64x2Extract)) {
                    in.arg = body.byte();
                } else if (in.op != simd(kF64x2Splat) && in.op != simd(kF64x2Neg) && in.op != simd(kF64x2Add) &&
                           in.op != simd(kF64x2Sub) && in.op != simd(kF64x2Mul) && in.op != simd(kF64x2Div)) {
                    return {};
                }
                break;
            default: return {};
        }
        if (!body.ok || in.arg > 0x7fffffffu) return {};
        code.push_back(in);
    }
    if (!body.ok || !ended || body.p != body.end) return {};

    // Twice: the first pass finds how many locals are spilled (the frame's size), the second
    // writes the code with the frame in place.
    uint32_t frame = 0;
    for (int pass = 0; pass < 2; ++pass) {
        const uint32_t total = frame + 8;  // rsp 16-byte aligned below the return address
        Emitter e;
        // the frame, a page at a time (each touched, so that a guard page is met in order)
        for (uint32_t left = total; left > 0;) {
            const uint32_t step = left > 4096 ? 4096 : left;
            e.adjustRsp(true, step);
            if (left > 4096) e.byte(0x83), e.byte(0x0c), e.byte(0x24), e.byte(0x00);  // or dword [rsp], 0
            left -= step;
        }
        Translator t(locals, uses, e);
        if (!translate(code, locals, t, e)) return {};
        if (pass == 0) {
            frame = t.frameBytes();
            if (frame > kMaxFrame) return {};
            continue;
        }
        e.adjustRsp(false, total);
        e.byte(0xc3);  // ret
        e.finish();
        return std::move(e.code);
    }
    return {};
}

namespace {

// The code's pages start with their own length, so that release() can unmap them from the
// function's address alone.
constexpr size_t kHeaderBytes = 16;

CompiledEval install(const uint8_t* module, size_t size) {
    const std::vector<uint8_t> code = x86CodeOfModule(module, size);
    if (code.empty()) return nullptr;
    const long pageSize = sysconf(_SC_PAGESIZE);
    const size_t page = pageSize > 0 ? static_cast<size_t>(pageSize) : 4096;
    const size_t length = (kHeaderBytes + code.size() + page - 1) / page * page;
    void* mem = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (mem == MAP_FAILED) return nullptr;
    uint8_t* bytes = static_cast<uint8_t*>(mem);
    std::memcpy(bytes, &length, sizeof length);
    std::memcpy(bytes + kHeaderBytes, code.data(), code.size());
    if (mprotect(mem, length, PROT_READ | PROT_EXEC) != 0) {  // never writable and executable at once
        munmap(mem, length);
        return nullptr;
    }
    return reinterpret_cast<CompiledEval>(reinterpret_cast<uintptr_t>(bytes + kHeaderBytes));
}

void release(CompiledEval function) {
    uint8_t* bytes = reinterpret_cast<uint8_t*>(reinterpret_cast<uintptr_t>(function)) - kHeaderBytes;
    size_t length = 0;
    std::memcpy(&length, bytes, sizeof length);
    munmap(bytes, length);
}

}  // namespace

const FormulaCompiler kNativeFormulaCompiler{install, release};

}  // namespace detail
}  // namespace optiscape

#endif  // OPTISCAPE_NATIVE_FORMULAS
