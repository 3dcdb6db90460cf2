// The page's download does not grow unnoticed: the gzip -9 size of everything dist/index.html
// loads (HTML, JS glue, wasm) stays under the bar. Issue 16 asks for 200 KB (goal 150 KB); the
// page is not there yet, so the bar is a ratchet at today's size plus a small margin: lower it
// with every cut, never raise it without saying why in the commit.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { bundleParts } = require('../support/bundle.js');

const RATCHET_KB = 498;  // 497.9 KB on 2026-12-07 (+0.6: integer powers in their own block loop, Styblinski–Tang basins 1.4x faster as wasm; +1.7: the landscape kinds' many starts as worker jobs, 3.4x faster; +2.0: Theorem 9's Monte Carlo draws as worker jobs, 3.6x faster; +1.8: the tanh plateau's runs as worker jobs; +3.6: a network slice's grid, 3D mesh, basins and the fair sweep as worker jobs, 2.2x faster in the page; +1.8: the networks' vectorised tanh, a slice 3x faster): 394.1 + network slices, PCA, mode connectivity (+17) + the theory page (+47) + the plane through θA, θB, θC, every run's path, the link's window, lesson 17 (+6.7) + the tanh plateau, measured net gradients, the spurious slice (+10.3) + the spurious table on workers and its objective at -O3 (+4.1: the table 2.2 times faster); the page keeps one formula interpreter (−3.6); the 200 KB bar is not met
const ISSUE_BAR_KB = 200;

test(`the page's bundle stays under ${RATCHET_KB} KB gzip (issue 16's bar: ${ISSUE_BAR_KB} KB)`, () => {
  const p = bundleParts(path.join(__dirname, '..', '..', 'dist'));
  const kb = (b) => +(b / 1024).toFixed(1);
  console.log(`# bundle gzip KB: html ${kb(p.html.gzip)}, js ${kb(p.js.gzip)}, wasm code ${kb(p.wasmCode.gzip)}, ` +
    `wasm data ${kb(p.wasmData.gzip)}, total ${kb(p.total.gzip)}`);
  assert.ok(p.wasmCode.raw > 0 && p.wasmData.raw > 0, 'the wasm has code and data sections');
  assert.ok(p.total.gzip <= RATCHET_KB * 1024, `the page loads ${kb(p.total.gzip)} KB gzip, over the ${RATCHET_KB} KB ratchet`);
});
