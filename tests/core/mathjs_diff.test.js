// Differential test of the formula language against mathjs (an independent implementation):
// seeded random formulas evaluated by math.evaluate, differentiated twice by math.derivative, and by
// `optiscape eval --formula` (path: $OPTISCAPE_CLI, default build/native/optiscape). Run: node --test tests/core/
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { create, all } = require('mathjs');
const math = create(all);

const root = path.resolve(__dirname, '..', '..');
const cliPath = process.env.OPTISCAPE_CLI || path.join(root, 'build', 'native', 'optiscape');

// the three activation functions mathjs lacks, for math.evaluate
math.import({
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => Math.max(x, 0),
  softplus: (x) => Math.log1p(Math.exp(x)),
}, { override: true });

/// optiscape eval: {value, gradient, hessian} with null for undefined numbers, or {error, status}.
function ours(formula, w, params = {}) {
  const args = ['eval', `--formula=${formula}`, '--at', `${w[0]},${w[1]}`];  // '=': formulas may start with --
  for (const [k, v] of Object.entries(params)) args.push('--param', `${k}=${v}`);
  try {
    return JSON.parse(execFileSync(cliPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    return { error: String(e.stderr), status: e.status };
  }
}

function mulberry32(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// Random formulas over the grammar mathjs can differentiate (and, with `kinks`, evaluate only).
function generator(seed, kinks) {
  const rnd = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const leaf = () => pick(['w1', 'w2', 'w1', 'w2', 'p', String(Math.round((0.1 + 2.9 * rnd()) * 100) / 100), 'pi', 'e']);
  const fns = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'softplus', 'abs'];
  if (kinks) fns.push('relu');
  function expr(d) {
    if (d === 0 || rnd() < 0.15) return leaf();
    const a = expr(d - 1);
    switch (Math.floor(rnd() * (kinks ? 13 : 11))) {
      case 0: return `${a} + ${expr(d - 1)}`;  // precedence without brackets, mathjs decides
      case 1: return `${a} - ${expr(d - 1)}`;
      case 2: return `${a} * ${expr(d - 1)}`;
      case 3: return `(${a}) / (${expr(d - 1)})`;
      case 4: return `-${a}`;
      case 5: return `(${a})^${pick(['2', '3', '-1', '0.5', '-2', '1.5', 'p'])}`;
      case 6: return `${leaf()}^${pick(['2', '3', '-w1', 'w2', '-2'])}`;
      case 7: return `2^(${a})`;
      case 8: case 9: case 10: return `${pick(fns)}(${a})`;
      case 11: return `max(${a}, ${expr(d - 1)})`;
      default: return `min(${a}, ${expr(d - 1)}, ${leaf()})`;
    }
  }
  return { expr, rnd };
}

/// mathjs has no sigmoid/softplus derivative rules: rewrite them for math.derivative.
function forDerivative(f) {
  let node = math.parse(f);
  // a replaced node's arguments are not visited again: repeat until none is left
  for (let k = 0; k < 20 && /sigmoid|softplus/.test(node.toString()); ++k) {
    node = node.transform((n) => {
      if (n.isFunctionNode && n.fn.name === 'sigmoid') return math.parse(`1 / (1 + exp(-(${n.args[0].toString()})))`);
      if (n.isFunctionNode && n.fn.name === 'softplus') return math.parse(`log(1 + exp(${n.args[0].toString()}))`);
      return n;
    });
  }
  return node;
}

/// math.evaluate, or NaN where mathjs throws (complex numbers reaching min/max).
function evaluate(f, scope) {
  try {
    return math.evaluate(f, scope);
  } catch (e) {
    return NaN;
  }
}

const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const near = (a, b, rel) => Math.abs(a - b) <= rel * (1 + Math.abs(a) + Math.abs(b));

test('the CLI is built', () => {
  assert.ok(fs.existsSync(cliPath), `${cliPath} is missing: build it (cmake --preset native && cmake --build --preset native) or set OPTISCAPE_CLI`);
});

test('operator precedence and associativity: the cases of mathjs\'s documentation and more', () => {
  const cases = ['-w1^2', '-2^2', '2^3^2', '2^-1', '2^-3^2', '2^+3', '-w1^-w2', '2*-3', '-3*-2', '1 - 2 - 3',
    '8/4/2', '8/4*2', '2 + 3*4', '(2 + 3)*4', '--2', '+-+2', '- -w1', 'w1 - -w2', '-w1*w2', '-(w1 + w2)^2',
    'w1^2^0.5', '2^w1^w2', '1e-3', '.5', '2.5e+2', '1E2', 'pi', 'e', 'e^w1', 'sin(pi/2)', 'log(e^2)', 'log(8, 2)',
    'max(w1, w2, 7)', 'min(w1, w2, 0.5)', 'max(4)', 'w1/w2/2', 'w1 - w2^2*3 + 1', '2^-w1*3', '-2^-2^-1',
    '4^0.5^2', 'w1^-2', '(-w1)^3', '-w1^3', 'sqrt(w1)^2', 'exp(-w1^2/2)', '1/2/w1', '1 - -1', 'w1*w2^2/w1'];
  const w = [1.7, 0.6];
  for (const f of cases) {
    const expected = math.evaluate(f, { w1: w[0], w2: w[1] });
    const got = ours(f, w);
    assert.ok(!got.error, `${f}: ${got.error}`);
    assert.ok(near(got.value, expected, 1e-15), `${f}: optiscape ${got.value}, mathjs ${expected}`);
  }
});

test('malformed formulas are rejected by both; implicit products only by optiscape', () => {
  for (const f of ['w1 +', '(w1', 'w1)', '*w1', 'sin()', '1e+', 'w1 ** 2', '()', 'w1 ,']) {
    assert.throws(() => math.evaluate(f, { w1: 1, w2: 1 }), undefined, `mathjs accepts ${f}`);
    const got = ours(f, [1, 1]);
    assert.strictEqual(got.status, 2, `${f}: ${JSON.stringify(got)}`);
    assert.match(got.error, /^optiscape: --formula: /);
  }
  for (const f of ['2 w1', '2w1', '2(w1 + 1)', '(w1)(w2)', '2e']) {
    assert.doesNotThrow(() => math.evaluate(f, { w1: 1, w2: 1 }));
    assert.match(ours(f, [1, 1]).error, /expected an operator between .* \(write .*\*.*\)/);
  }
});

test('generated formulas: values agree with math.evaluate (kinks included)', () => {
  const g = generator(556, true);
  let compared = 0;
  for (let n = 0; n < 250; ++n) {
    const f = g.expr(1 + Math.floor(g.rnd() * 4));
    const w = [4 * g.rnd() - 2, 4 * g.rnd() - 2];
    const scope = { w1: w[0], w2: w[1], p: 1.25 };
    const expected = evaluate(f, scope);
    const got = ours(f, w, /\bp\b/.test(f) ? { p: 1.25 } : {});
    assert.ok(!got.error, `${f}: ${got.error}`);
    if (!finite(expected)) continue;  // complex, ±Infinity or NaN in mathjs: undefined (NaN) here
    assert.ok(got.value !== null, `${f} at ${w}: mathjs ${expected}, optiscape undefined`);
    assert.ok(near(got.value, expected, 1e-12), `${f} at ${w}: optiscape ${got.value}, mathjs ${expected}`);
    ++compared;
  }
  assert.ok(compared >= 150, `only ${compared} comparisons`);
});

test('generated formulas: gradients and Hessians agree with math.derivative', () => {
  const g = generator(2018, false);
  let compared = 0;
  for (let n = 0; n < 200; ++n) {
    const f = g.expr(1 + Math.floor(g.rnd() * 3));
    const w = [4 * g.rnd() - 2, 4 * g.rnd() - 2];
    const scope = { w1: w[0], w2: w[1], p: 1.25 };
    const node = forDerivative(f);
    // no simplification: mathjs rewrites (x^2)^1.5 as x^3, wrong for x < 0
    const d1 = ['w1', 'w2'].map((v) => math.derivative(node, v, { simplify: false }));
    const grad = d1.map((d) => d.evaluate(scope));
    const hess = d1.map((d) => ['w1', 'w2'].map((v) => math.derivative(d, v, { simplify: false }).evaluate(scope)));
    const all = [evaluate(f, scope), ...grad, ...hess.flat()];
    if (!all.every(finite) || all.some((x) => Math.abs(x) > 1e8)) continue;
    const got = ours(f, w, /\bp\b/.test(f) ? { p: 1.25 } : {});
    assert.ok(!got.error, `${f}: ${got.error}`);
    const mine = [got.value, ...got.gradient, ...got.hessian.flat()];
    if (mine.some((x) => x === null)) continue;  // e.g. sqrt(0): our derivative is undefined there
    for (let i = 0; i < 7; ++i)
      assert.ok(near(mine[i], all[i], i === 0 ? 1e-12 : 1e-8),
        `${f} at ${w}: component ${i}: optiscape ${mine[i]}, mathjs ${all[i]}`);
    ++compared;
  }
  assert.ok(compared >= 120, `only ${compared} comparisons`);
});
