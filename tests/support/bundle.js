// What dist/index.html makes a student's browser download, by part, in bytes raw and gzip -9:
// the HTML, the JS glue, and the wasm split into its code section, its data section (the fonts and
// tables) and the rest (types, imports, exports, tables). The wasm's deferred half
// (optiscape.deferred.wasm: networks, theory, rarely used paths) and the lessons
// (optiscape.lessons.json) are not loaded with the page but after the first input or on first
// use; they are reported beside, as is the sum of all. Shared by
// the bundle-size test and scripts/bench.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** The wasm module's sections as {id: Buffer}, ids 10 (code) and 11 (data) among them. */
function wasmSections(buf) {
  const sections = {};
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = buf[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  while (i < buf.length) {
    const id = buf[i++];
    const n = leb();
    sections[id] = Buffer.concat([sections[id] || Buffer.alloc(0), buf.subarray(i, i + n)]);
    i += n;
  }
  return sections;
}

/** Every file index.html loads, with the wasm by part; total is the gzip of the three files. */
function bundleParts(dist) {
  const read = (f) => fs.readFileSync(path.join(dist, f));
  const html = read('index.html'), js = read('optiscape.js'), wasm = read('optiscape.wasm');
  const optional = (f) => (fs.existsSync(path.join(dist, f)) ? read(f) : Buffer.alloc(0));
  const deferred = optional('optiscape.deferred.wasm'), lessons = optional('optiscape.lessons.json');
  const s = wasmSections(wasm);
  const code = s[10] || Buffer.alloc(0), data = s[11] || Buffer.alloc(0);
  const rest = wasm.length - code.length - data.length;
  return {
    html: { raw: html.length, gzip: gz(html) },
    js: { raw: js.length, gzip: gz(js) },
    wasm: { raw: wasm.length, gzip: gz(wasm) },
    wasmCode: { raw: code.length, gzip: gz(code) },
    wasmData: { raw: data.length, gzip: gz(data) },
    wasmRest: { raw: rest },
    total: { raw: html.length + js.length + wasm.length, gzip: gz(html) + gz(js) + gz(wasm) },
    deferred: { raw: deferred.length, gzip: deferred.length ? gz(deferred) : 0 },
    lessons: { raw: lessons.length, gzip: lessons.length ? gz(lessons) : 0 },
  };
}

module.exports = { bundleParts, wasmSections };

if (require.main === module) {
  const p = bundleParts(process.argv[2] || path.join(__dirname, '..', '..', 'dist'));
  const kb = (b) => (b / 1024).toFixed(1);
  console.log('page bundle (gzip -9, KB): ' +
    `html ${kb(p.html.gzip)}, js ${kb(p.js.gzip)}, wasm ${kb(p.wasm.gzip)} ` +
    `(code ${kb(p.wasmCode.gzip)}, data and fonts ${kb(p.wasmData.gzip)}), total ${kb(p.total.gzip)} ` +
    `(raw ${kb(p.total.raw)}); issue 16's bar 200, goal 150; ` +
    `after the first input or on first use: optiscape.deferred.wasm ${kb(p.deferred.gzip)}, ` +
    `optiscape.lessons.json ${kb(p.lessons.gzip)}; all of it ${kb(p.total.gzip + p.deferred.gzip + p.lessons.gzip)}`);
}
