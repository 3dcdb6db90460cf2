// The page's formula compiler (FormulaCompiler in core/formula/formula.h): the WebAssembly module the core
// writes for a formula (core/formula/wasm.h) is compiled and instantiated by the browser's engine
// against this program's memory, and its function is added to this program's function table, so
// the core calls it through an ordinary function pointer. Linking this file is what turns it on:
// the page, and the wasm builds of the formula benchmark and the core tests. Natively the core's
// own compiler translates the same module to x86-64 (core/formula/native.h); elsewhere, and where
// an engine refuses a module, formulas are interpreted (the same numbers, to the last bit).
#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include <cstdint>

#include "core/formula/formula.h"

// Property names quoted: the page's JS runtime is minified by the Closure Compiler.
EM_JS(int, optiscape_formula_install, (const uint8_t* bytes, int size), {
    try {
        var module = new WebAssembly.Module(HEAPU8.slice(bytes, bytes + size));
        var instance = new WebAssembly.Instance(module, {'env': {'m': wasmMemory}});
        return addFunction(instance.exports['f'], 'viddi');
    } catch (e) {
        return 0;
    }
});

EM_JS(void, optiscape_formula_release, (int index), { removeFunction(index); });

namespace {

// A function pointer here is an index into the function table.
optiscape::CompiledEval install(const uint8_t* module, size_t size) {
    const int index = optiscape_formula_install(module, static_cast<int>(size));
    return index == 0 ? nullptr
                      : reinterpret_cast<optiscape::CompiledEval>(static_cast<uintptr_t>(index));
}

void release(optiscape::CompiledEval function) {
    optiscape_formula_release(static_cast<int>(reinterpret_cast<uintptr_t>(function)));
}

const optiscape::FormulaCompiler kCompiler{install, release};

// Registered before main(), so every formula is compiled, the presets' included.
[[maybe_unused]] const bool kRegistered = (optiscape::setFormulaCompiler(&kCompiler), true);

}  // namespace
#endif
