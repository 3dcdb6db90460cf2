// Colour-blind safety, checked with a simulator: the eight run colours (read from
// src/app/theme.cpp) stay distinguishable from each other and from the page's paper under
// protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1), and
// the map's viridis colour scale stays monotone in lightness, so it reads as an order in any of
// them (and in greyscale). Differences are CIE76 ΔE in CIELAB.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const MACHADO = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
const toLinear = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const clamp01 = (x) => Math.min(1, Math.max(0, x));
function simulate(rgb, m) {  // in linear RGB, as Machado et al. define it
  const l = rgb.map(toLinear);
  return m.map((row) => clamp01(row[0] * l[0] + row[1] * l[1] + row[2] * l[2]));
}
function lab(lin) {  // linear sRGB -> CIELAB (D65)
  const x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047;
  const y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  const z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const dE = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function runColours() {
  const src = fs.readFileSync(path.join(ROOT, 'src/app/theme.cpp'), 'utf8');
  const block = src.slice(src.indexOf('kOkabeIto[8]'), src.indexOf('};', src.indexOf('kOkabeIto[8]')));
  return [...block.matchAll(/IM_COL32\((\d+),\s*(\d+),\s*(\d+)/g)].map((m) => [+m[1], +m[2], +m[3]]);
}

test('the eight run colours stay apart under every colour-vision deficiency', () => {
  const colours = runColours();
  assert.equal(colours.length, 8);
  const paper = [250, 249, 246];
  const report = [];
  for (const [name, m] of Object.entries({ normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], ...MACHADO })) {
    const labs = colours.map((c) => lab(simulate(c, m)));
    let min = Infinity, pair = '';
    for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) {
      const d = dE(labs[i], labs[j]);
      if (d < min) { min = d; pair = `${i}-${j}`; }
    }
    const fromPaper = Math.min(...labs.map((l) => dE(l, lab(simulate(paper, m)))));
    report.push(`${name}: closest runs ${pair} ΔE ${min.toFixed(1)}, closest to paper ΔE ${fromPaper.toFixed(1)}`);
    // ΔE ≈ 10 is clearly distinct side by side; runs are also labelled by name on the map.
    assert.ok(min > 10, `${name}: runs ${pair} are only ΔE ${min.toFixed(1)} apart`);
    assert.ok(fromPaper > 20, `${name}: a run colour is only ΔE ${fromPaper.toFixed(1)} from the paper`);
  }
  console.log(report.join('\n'));
});

test('the viridis colour scale of the map is monotone in lightness under every deficiency', () => {
  const src = fs.readFileSync(path.join(ROOT, 'shaders/heatmap.frag.glsl'), 'utf8');
  const c = [...src.matchAll(/const vec3 c\d = vec3\(([^)]*)\)/g)].map((m) => m[1].split(',').map(Number));
  assert.equal(c.length, 7);
  const viridis = (t) => [0, 1, 2].map((k) => c[0][k] + t * (c[1][k] + t * (c[2][k] + t * (c[3][k] + t * (c[4][k] + t * (c[5][k] + t * c[6][k]))))));
  for (const [name, m] of Object.entries(MACHADO)) {
    let last = -Infinity;
    for (let i = 0; i <= 64; i++) {
      const rgb = viridis(i / 64).map((v) => clamp01(v) * 255);
      const L = lab(simulate(rgb, m))[0];
      assert.ok(L > last - 0.5, `${name}: lightness falls at t = ${i / 64}`);
      last = L;
    }
  }
});
