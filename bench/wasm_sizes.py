#!/usr/bin/env python3
"""What the page's wasm is made of: every function's body size, from a build linked with
--profiling-funcs (names kept: the release link, kept as optiscape.named.wasm before it is split
in two), grouped by where it comes from, and the largest functions.

  bench/wasm_sizes.py build/web/optiscape.named.wasm [--top 10]

Groups are by the demangled name's prefix (ImGui, Eigen, std, optiscape::nets, ...); sizes are
raw bytes of code (the page's gzip ratio is about 2.6 : 1 on code, printed as an estimate)."""
import argparse
import collections
import gzip
import re
import shutil
import subprocess
import sys


def leb(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def sections(data):
    assert data[:4] == b"\0asm", "not a wasm file"
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, body = leb(data, pos + 1)
        yield sid, data[body:body + size]
        pos = body + size


def read_wasm(path):
    data = open(path, "rb").read()
    imported = 0
    bodies, names, section_sizes = [], {}, collections.Counter()
    for sid, body in sections(data):
        if sid == 0:
            nlen, p = leb(body, 0)
            cname = body[p:p + nlen].decode()
            section_sizes["custom:" + cname] += len(body)
            if cname == "name":
                p += nlen
                while p < len(body):
                    sub, p = body[p], p + 1
                    size, p = leb(body, p)
                    if sub == 1:
                        q = p
                        count, q = leb(body, q)
                        for _ in range(count):
                            idx, q = leb(body, q)
                            ln, q = leb(body, q)
                            names[idx] = body[q:q + ln].decode("utf-8", "replace")
                            q += ln
                    p += size
            continue
        label = {1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export",
                 8: "start", 9: "elem", 10: "code", 11: "data", 12: "datacount"}.get(sid, str(sid))
        section_sizes[label] += len(body)
        if sid == 2:
            count, p = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    ln, p = leb(body, p)
                    p += ln
                kind = body[p]
                p += 1
                if kind == 0:
                    _, p = leb(body, p)
                    imported += 1
                elif kind == 1:
                    p += 1
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif kind == 2:
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif kind == 3:
                    p += 2
        elif sid == 10:
            count, p = leb(body, 0)
            for i in range(count):
                size, q = leb(body, p)
                bodies.append((imported + i, q - p + size))
                p = q + size
    return bodies, names, section_sizes, data


def demangle(names):
    tool = shutil.which("c++filt") or shutil.which("llvm-cxxfilt")
    if not tool:
        return names
    keys = list(names)
    out = subprocess.run([tool], input="\n".join(names[k] for k in keys), capture_output=True, text=True).stdout
    lines = out.split("\n")
    return {k: (lines[i] if i < len(lines) and lines[i] else names[k]) for i, k in enumerate(keys)}


GROUPS = [
    ("Dear ImGui", r"^(ImGui|Im[A-Z]|ImStb|stb_|stbtt|stbrp|STB_)"),
    ("Eigen", r"^Eigen::"),
    ("optiscape::nets", r"^optiscape::nets::"),
    ("optiscape::theory", r"^optiscape::theory::"),
    ("optiscape::jobs", r"^optiscape::jobs::"),
    ("optiscape::app (UI)", r"^optiscape::app::"),
    ("optiscape::render", r"^optiscape::render::"),
    ("optiscape formulas", r"^optiscape::(detail::|Formula|formula)"),
    ("optiscape core (2-D)", r"^optiscape::"),
    ("libc++ (std::)", r"^std::"),
    ("platform (main loop, browser glue)", r"^(\(anonymous namespace\)::|main$|optiscape_|emscripten)"),
    ("GLFW / GL glue", r"^(glfw|_glfw|gl[A-Z])"),
    ("libc (printf, scanf, malloc, math)", r"."),
]


def qualified(name):
    """The function's own qualified name: no return type, parameters or template arguments."""
    depth, out = 0, []
    for ch in name:
        if ch in "<(":
            if ch == "(" and depth == 0 and out and not "".join(out).endswith("anonymous namespace"):
                break
            depth += 1
        elif ch in ">)":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    q = "".join(out)
    # a leading return type ("void Eigen::internal::f") is separated by the last space outside templates
    return q.split(" ")[-1] if " " in q and "(anonymous namespace)" not in q else q.replace("(anonymous namespace)", "(anonymous namespace)")


def group_of(name):
    q = qualified(name)
    for label, pattern in GROUPS:
        if re.search(pattern, q):
            return label
    return "libc (printf, scanf, malloc, math)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wasm")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    bodies, names, section_sizes, data = read_wasm(args.wasm)
    if not names:
        sys.exit("no name section: link with --profiling-funcs")
    names = demangle(names)
    total_code = sum(s for _, s in bodies)
    print(f"wasm {len(data)} bytes raw, {len(gzip.compress(data, 9))} gzip -9; code section {section_sizes['code']} bytes, "
          f"data section {section_sizes['data']} bytes, {len(bodies)} functions")
    groups = collections.Counter()
    counts = collections.Counter()
    for idx, size in bodies:
        g = group_of(names.get(idx, ""))
        groups[g] += size
        counts[g] += 1
    print("\ncode by origin (raw bytes of function bodies):")
    for g, s in groups.most_common():
        print(f"  {g:<26} {s:>8}  {100.0 * s / total_code:5.1f} %  ({counts[g]} functions)")
    print(f"\nthe {args.top} largest functions:")
    for idx, size in sorted(bodies, key=lambda b: -b[1])[:args.top]:
        name = names.get(idx, f"func{idx}")
        print(f"  {size:>7}  {name[:150]}")


if __name__ == "__main__":
    main()
