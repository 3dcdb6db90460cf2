// Internal to the formula language: the native formula compiler, for x86-64 under a POSIX
// system (Linux, macOS). It compiles the same WebAssembly module the page hands to the browser's
// engine (wasm.h) to x86-64 machine code, so the desktop, the command-line tool and the native
// benchmarks and tests run a formula's value, gradient and Hessian as straight-line code instead
// of the interpreter's loop, with the interpreter's numbers to the last bit. Where it is not built
// (other processors, the page) formulaCompiler() starts as null or as the platform's own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/formula/formula.h"

#if defined(__x86_64__) && (defined(__linux__) || defined(__APPLE__))
#define OPTISCAPE_NATIVE_FORMULAS 1
#else
#define OPTISCAPE_NATIVE_FORMULAS 0
#endif

namespace optiscape {
namespace detail {

#if OPTISCAPE_NATIVE_FORMULAS
/// Installs a module of wasmModuleOf() as x86-64 code in pages of its own (null when the module
/// holds anything wasmModuleOf() does not write, or the system refuses executable memory), and
/// frees it. The default formulaCompiler() here.
extern const FormulaCompiler kNativeFormulaCompiler;

/// The x86-64 code of a module of wasmModuleOf(): a function of CompiledEval's System V calling
/// convention, position-independent (its constants follow it, 16-byte aligned, read relative to
/// the instruction pointer); empty when the module holds an instruction or a shape it does not
/// cover. Pure: it writes bytes and runs nothing.
std::vector<uint8_t> x86CodeOfModule(const uint8_t* module, size_t size);
#endif

}  // namespace detail
}  // namespace optiscape
