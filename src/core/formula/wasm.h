// Internal to the formula language: the per-point program (value, gradient and Hessian) as a
// WebAssembly module, for a platform that can compile one at run time (the page, through the
// browser's engine: see FormulaCompiler in formula.h and src/platform/formula_compiler_web.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace optiscape {
namespace detail {

struct Program;

/// A module that imports its memory as "env"."m" and exports "f" of type
/// (i32 constants, f64 w1, f64 w2, i32 out) → (): it runs the program in hyper-dual numbers held
/// in locals and stores the root's value, gradient and Hessian rows at out + 0, 16, 32, 48 (an HD
/// of rules.h). Every rule makes the interpreter's floating-point operations on the same
/// operands in the same order, so the two agree to the last bit. Empty when the program uses an
/// instruction the generator does not cover (functions, divisions by a variable, powers other than
/// integers 3–16; those programs are interpreted) or is too long for one function's locals.
std::vector<uint8_t> wasmModuleOf(const Program& p);

}  // namespace detail
}  // namespace optiscape
