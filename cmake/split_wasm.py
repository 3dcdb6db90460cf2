"""Splits the page's linked wasm in two with Binaryen's wasm-split: the functions a student's
first visit uses (the names in web/wasm-primary/*.txt, from scripts/wasm-profile's tour of the 2-D
tool) stay in optiscape.wasm, which the page loads; the rest (networks, theory, rarely used
paths) go to optiscape.deferred.wasm, which the page fetches in the background after the first
input and which any call into it before then loads at once (src/platform/web_pre.js).

The linked module keeps its function names (the link's --profiling-funcs); it is kept as
optiscape.named.wasm for bench/wasm_sizes.py and scripts/wasm-profile, and both halves are
written without names.
Usage: split_wasm.py LINKED.wasm KEEP_FOLDER"""
import os
import shutil
import subprocess
import sys

linked, keep = sys.argv[1:3]
folder = os.path.dirname(os.path.abspath(linked))
named = os.path.join(folder, "optiscape.named.wasm")
primary = os.path.join(folder, "optiscape.wasm")
deferred = os.path.join(folder, "optiscape.deferred.wasm")
FEATURES = ["--enable-simd", "--enable-bulk-memory", "--enable-sign-ext", "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int"]

if os.path.abspath(linked) != named:
    shutil.move(linked, named)
names = [n for f in sorted(os.listdir(keep)) if f.endswith(".txt")
         for n in open(os.path.join(keep, f), encoding="utf-8").read().split("\n") if n and not n.startswith("#")]
# Only names this module has: a function renamed or removed since the list was made is dropped
# (it is then loaded with the deferred half; the browser tests check that the first picture
# needs none of it).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import wasm_sizes  # noqa: E402  (the wasm reader of the size table)


def binaryen_name(name):
    """A name as Binaryen spells it (and as --keep-funcs and -v do): characters outside its
    identifier set as a backslash and two hex digits."""
    ok = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&'*+-./:<=>?@^_`|~")
    return "".join(c if c in ok else "\\%02x" % ord(c) for c in name)


have = set(binaryen_name(n) for n in wasm_sizes.read_wasm(named)[1].values())
kept = [n for n in names if n in have]
listing = os.path.join(folder, "wasm-primary-kept.txt")
open(listing, "w", encoding="utf-8").write("\n".join(kept) + "\n")
subprocess.run(["wasm-split", named, "--keep-funcs", "@" + listing, "-o1", primary, "-o2", deferred,
                "--placeholder-namespace=placeholder", "--import-namespace=primary", "--export-prefix=%",
                "--placeholdermap",
                *FEATURES], check=True)
print(f"split_wasm.py: {len(kept)} of {len(names)} listed functions kept in optiscape.wasm "
      f"({os.path.getsize(primary)} B), the rest in optiscape.deferred.wasm ({os.path.getsize(deferred)} B)")
