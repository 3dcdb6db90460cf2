"""Writes the one-file build: the page shell with the single-file script (wasm embedded as
base64 by -sSINGLE_FILE) inlined, so it opens from disk (file://) and uploads as one file.
Usage: inline_html.py SHELL.html SCRIPT.js OUT.html"""
import sys

shell, script, out = sys.argv[1:4]
html = open(shell, encoding="utf-8").read()
js = open(script, encoding="utf-8").read().replace("</script", "<\\/script")
tag = '<script async src="optiscape.js"></script>'
if tag not in html:
    sys.exit(f"inline_html.py: {shell} has no line {tag}")
html = html.replace(tag, "<script>\n" + js + "\n</script>")
# the one file has no optiscape.wasm beside it to preload
html = "\n".join(line for line in html.split("\n")
                 if 'rel="preload" href="optiscape.wasm"' not in line and "the wasm downloads beside" not in line)
html = html.replace("<title>Optiscape — ", "<title>Optiscape (one file) — ")
open(out, "w", encoding="utf-8").write(html)
