// The page's download does not grow unnoticed: the gzip -9 size of everything dist/index.html
// loads (HTML, JS glue, the wasm's first half) stays under the bar, and with the deferred half and
// the lessons (fetched after the first input) under a second one. Issue 16 asks for 200 KB (goal 150 KB); the
// page is not there yet, so the bar is a ratchet at today's size plus a small margin: lower it
// with every cut, never raise it without saying why in the commit.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { bundleParts } = require('../support/bundle.js');

const RATCHET_KB = 346;  // 344.9 KB on 2026-12-08: the lessons out of the wasm, in optiscape.lessons.json, read when one is first opened (−14.8), the shaders without their comments (−0.5); before: 360.2 KB, whose history is in git
const BOTH_HALVES_KB = 514;  // 512.8 KB: the page, the deferred half and the lessons, fetched after the first input; the split costs +13.1 KB (imports, exports and placeholders)
const ISSUE_BAR_KB = 200;

test(`the page's bundle stays under ${RATCHET_KB} KB gzip (issue 16's bar: ${ISSUE_BAR_KB} KB)`, () => {
  const p = bundleParts(path.join(__dirname, '..', '..', 'dist'));
  const kb = (b) => +(b / 1024).toFixed(1);
  console.log(`# bundle gzip KB: html ${kb(p.html.gzip)}, js ${kb(p.js.gzip)}, wasm code ${kb(p.wasmCode.gzip)}, ` +
    `wasm data ${kb(p.wasmData.gzip)}, total ${kb(p.total.gzip)}`);
  assert.ok(p.wasmCode.raw > 0 && p.wasmData.raw > 0, 'the wasm has code and data sections');
  assert.ok(p.total.gzip <= RATCHET_KB * 1024, `the page loads ${kb(p.total.gzip)} KB gzip, over the ${RATCHET_KB} KB ratchet`);
  const all = p.total.gzip + p.deferred.gzip + p.lessons.gzip;
  console.log(`# deferred half ${kb(p.deferred.gzip)} KB gzip, lessons ${kb(p.lessons.gzip)} KB; with the page ${kb(all)} KB`);
  assert.ok(p.deferred.raw > 0, 'the wasm is split: optiscape.deferred.wasm is beside optiscape.wasm');
  assert.ok(p.lessons.raw > 0, 'the lessons are beside the wasm: optiscape.lessons.json');
  assert.ok(all <= BOTH_HALVES_KB * 1024,
    `the page, its deferred half and the lessons are ${kb(all)} KB gzip, over the ${BOTH_HALVES_KB} KB ratchet`);
});
