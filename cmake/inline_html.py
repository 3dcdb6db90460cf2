"""Writes the one-file build from the page's own build: the wasm's two halves and the lessons'
bundle as base64 data: URIs in place of the script's "optiscape.wasm", "optiscape.deferred.wasm"
and "optiscape.lessons.json" (the loader fetches them as any URL, so does each Web Worker started
from the script's text), the script inlined into the page shell, so it opens from disk (file://)
and uploads as one file.
Usage: inline_html.py SHELL.html SCRIPT.js SCRIPT.wasm DEFERRED.wasm LESSONS.json OUT.html"""
import base64
import os
import sys

shell, script, wasm, deferred, lessons, out = sys.argv[1:7]
html = open(shell, encoding="utf-8").read()
js = open(script, encoding="utf-8").read()
for name, path, mime in (('"optiscape.wasm"', wasm, "application/octet-stream"),
                         ('"optiscape.deferred.wasm"', deferred, "application/octet-stream"),
                         ('"optiscape.lessons.json"', lessons, "application/json")):
    if name == '"optiscape.deferred.wasm"' and not os.path.exists(path):
        continue  # a build that is not split (the debug build) has no deferred half
    if js.count(name) != 1:
        sys.exit(f"inline_html.py: {script} names {name} {js.count(name)} times, not once")
    uri = f"data:{mime};base64," + base64.b64encode(open(path, "rb").read()).decode("ascii")
    js = js.replace(name, '"' + uri + '"')
js = js.replace("</script", "<\\/script")
tag = '<script async src="optiscape.js"></script>'
if tag not in html:
    sys.exit(f"inline_html.py: {shell} has no line {tag}")
html = html.replace(tag, "<script>\n" + js + "\n</script>")
# the one file has no optiscape.wasm beside it to preload
html = "\n".join(line for line in html.split("\n")
                 if 'rel="preload" href="optiscape.wasm"' not in line and "the wasm downloads beside" not in line)
html = html.replace("<title>Optiscape — ", "<title>Optiscape (one file) — ")
open(out, "w", encoding="utf-8").write(html)
