// The theory page in headless Chromium (issue 18): Safran–Shamir's table fills progressively
// (small run counts), its rows carry the lecture's numbers and binomial errors, the page keeps
// drawing frames while it computes, Web Workers compute the main thread's table to the last digit,
// a spurious minimum opens a slice of F; Theorem 9 over depth reacts to σ√d; the landscape kinds
// compute on Web Workers to the main thread's numbers; the tanh plateau's sweep lengthens as the start shrinks and momentum shortens it; bad
// settings are refused with a message; a theory link round-trips.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot, state } = require('../support/browser.js');

const suite = useBrowser(test);
const waitFor = (page, fn, arg, timeout = 240000) => page.waitForFunction(fn, arg, { timeout, polling: 200 });

test('the spurious-minima table fills progressively, beside the lecture\'s numbers', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  // on the main thread, a slice of runs per frame (the next test has the table on Web Workers,
  // where 12 runs a row come back within a few polls)
  await page.evaluate(() => window.optiscape.workers(false));
  const t0 = Date.now();
  let s = await page.evaluate(() => window.optiscape.theory('spurious'));
  assert.equal(s.mode, 'theory');
  assert.equal(s.theory.experiment, 'spurious');
  s = await page.evaluate(() => window.optiscape.theory('runs 12'));
  assert.equal(s.theory.runs, 12);
  assert.equal(s.theory.rows.length, 9);  // k = n = 6 … 12, (8, 9), (10, 11)
  assert.deepEqual(s.theory.rows.map((r) => [r.k, r.n]), [[6, 6], [7, 7], [8, 8], [9, 9], [10, 10], [11, 11], [12, 12], [8, 9], [10, 11]]);
  assert.deepEqual(s.theory.rows.map((r) => r.lecture.percent), [0.3, 5.5, 12.6, 21.8, 34.6, 45.5, 58.5, 0.1, 0.1]);
  assert.match(s.theory.optimizer, /Armijo/);
  // progressive: part of the table is there while frames keep being drawn
  await waitFor(page, () => { const t = window.optiscape.state().theory; return t.runsDone > 0 && !t.done; });
  const mid = await state(page);
  const frames0 = mid.frames;
  await waitFor(page, (f) => window.optiscape.state().frames > f + 5, frames0);
  await screenshot(page, 'web-theory-spurious-progress.png');
  await waitFor(page, () => window.optiscape.state().theory.done);
  const done = await state(page);
  const secs = (Date.now() - t0) / 1000;
  assert.equal(done.theory.progress, 1);
  for (const r of done.theory.rows) {
    assert.equal(r.runs, 12);
    assert.equal(r.global + r.spurious + r.notConverged, 12);
    assert.ok(Math.abs(r.stderr - Math.sqrt(r.fraction * (1 - r.fraction) / 12)) < 1e-12);
    if (r.spurious > 0) assert.ok(r.meanMinEigenvalue > 0 && r.meanObjective > 0.01, JSON.stringify(r));
  }
  const byKey = Object.fromEntries(done.theory.rows.map((r) => [`${r.k},${r.n}`, r]));
  assert.ok(byKey['12,12'].fraction >= byKey['6,6'].fraction);
  console.log('# theory table (12 runs/row): ' + done.theory.rows.map((r) => `(${r.k},${r.n}) ${(100 * r.fraction).toFixed(0)}%`).join(' ') +
              `; compute ${done.theory.seconds.toFixed(1)} s, wall ${secs.toFixed(1)} s`);
  await screenshot(page, 'web-theory-spurious.png');
  // the histogram row can be chosen; a spurious minimum opens a slice of F around it
  await page.evaluate(() => window.optiscape.theory('row 6'));
  const row = done.theory.rows.findIndex((r) => r.spurious > 0);
  assert.ok(row >= 0, 'some row has a spurious minimum');
  await page.evaluate((i) => window.optiscape.theory('row ' + i), row);
  const noSlice = await page.evaluate(() => { try { window.optiscape.theory('slice 99'); return 'no error'; } catch (e) { return e.message; } });
  assert.match(noSlice, /theory slice takes the index of a spurious minimum/);
  await page.evaluate(() => window.optiscape.theory('slice 0'));
  await waitFor(page, () => { const sl = window.optiscape.state().theory.slice; return sl && sl.rowsDone === sl.rows; });
  const sl = (await state(page)).theory.slice;
  assert.equal(sl.k, done.theory.rows[row].k);
  assert.equal(sl.valueAtMinimum, sl.minimum);  // the plane's (0, 0) is the minimum itself
  assert.ok(sl.minimum >= 1e-6 && Math.abs(sl.valueAtGlobal) < 1e-10 && Math.abs(sl.global) < 1e-10, JSON.stringify(sl));
  assert.ok(sl.min < sl.minimum && sl.max > sl.minimum);
  await screenshot(page, 'web-theory-slice.png');
  await page.evaluate(() => window.optiscape.theory('slice close'));
  assert.equal((await state(page)).theory.slice, undefined);
  // bad input is refused
  await page.evaluate(() => window.optiscape.theory('row 6'));
  const bad = await page.evaluate(() => { try { window.optiscape.theory('runs 0'); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad, /runs: 0 is out of range/);
  const bad2 = await page.evaluate(() => { try { window.optiscape.theory('sigmaSqrtD nope'); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad2, /sigmaSqrtD takes a number/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the spurious table computed by Web Workers is the main thread\'s, to the last digit', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.theory('spurious'));
  await page.evaluate(() => window.optiscape.theory('maxK 8'));
  const s = await page.evaluate(() => window.optiscape.theory('runs 10'));
  assert.equal(s.jobs.where, 'web-workers');
  assert.ok(s.theory.workers >= 1 && s.theory.workers <= 4, `workers ${s.theory.workers}`);
  const finished0 = s.jobs.finished;
  const t0 = Date.now();
  await waitFor(page, () => window.optiscape.state().theory.done);
  const wallWorkers = (Date.now() - t0) / 1000;
  const workers = await state(page);
  // 5 rows (k = n = 6, 7, 8, (8, 9) and (10, 11)) of 10 runs in one round: 5 chunks at least
  assert.ok(workers.jobs.finished - finished0 >= 5, `chunks ${workers.jobs.finished - finished0}`);
  await page.evaluate(() => window.optiscape.workers(false));  // the table starts over on the main thread
  const t1 = Date.now();
  await waitFor(page, () => { const t = window.optiscape.state().theory; return t.workers === 0 && t.done; });
  const wallHere = (Date.now() - t1) / 1000;
  const here = await state(page);
  const rows = (t) => t.theory.rows.map(({ seconds, ...rest }) => rest);
  assert.equal(here.theory.rows.length, 5);
  assert.deepEqual(rows(workers), rows(here));
  console.log(`# spurious table 5 rows × 10 runs: ${workers.theory.workers} workers ${wallWorkers.toFixed(1)} s wall, ` +
              `main thread ${wallHere.toFixed(1)} s wall`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Theorem 9: the gradient vanishes below Xavier\'s scale and explodes above it', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.theory('gradients'));
  await page.evaluate(() => window.optiscape.theory('samples 200'));
  const t0 = Date.now();
  await page.evaluate(() => window.optiscape.theory('sigmaSqrtD 0.5'));
  await waitFor(page, () => window.optiscape.state().theory.done);
  const wallWorkers = Date.now() - t0;
  const small = (await state(page)).theory;
  assert.ok(small.workers >= 1, `${small.workers} workers`);  // Monte Carlo draws on the Web Workers
  assert.equal(small.depths.length, 50);
  assert.ok(small.depths[49].log10Mean < small.depths[0].log10Mean - 20, `${small.depths[0].log10Mean} -> ${small.depths[49].log10Mean}`);
  // the bound holds for the expectation: the heavy-tailed Monte Carlo mean may pass it by a few standard errors
  for (const d of small.depths) {
    const low = d.mean - 3 * d.stderr;
    assert.ok(low <= 0 || Math.log10(low) <= d.log10Bound, `L = ${d.L}: ${d.log10Mean} ± ${d.stderr} over the bound ${d.log10Bound}`);
  }
  assert.equal(small.layers.length, small.depth);
  // the measured tanh and ReLU curves with the networks' initialisers
  assert.deepEqual(small.nets.map((n) => n.name), ['tanh, LeCun', 'tanh, Xavier', 'tanh, He', 'ReLU, LeCun', 'ReLU, Xavier', 'ReLU, He']);
  for (const n of small.nets) {
    assert.equal(n.depths.length, 50);
    const d1 = n.depths[0];  // depth 1: exactly sigma^2 d + 1
    assert.ok(Math.abs(d1.mean - (n.sigma2d + 1)) < 4 * d1.stderr, `${n.name}: ${d1.mean} ± ${d1.stderr} vs ${n.sigma2d + 1}`);
  }
  assert.deepEqual(small.nets[0].depths.map((d) => d.mean), small.nets[1].depths.map((d) => d.mean));  // 1/d both
  assert.ok(small.nets[5].depths[19].mean > 1e4 * small.nets[3].depths[19].mean);  // ReLU: He keeps it, LeCun halves it per layer
  await screenshot(page, 'web-theory-gradients.png');
  // the same draws on the main thread, a slice per frame, give the workers' sums to the last
  // digit (checked on 40 draws per depth: the main thread takes a few milliseconds a frame, so
  // 200 would take it about half a minute under software GL)
  await page.evaluate(() => window.optiscape.theory('samples 40'));
  await waitFor(page, () => window.optiscape.state().theory.done);
  const few = (await state(page)).theory;
  assert.ok(few.workers >= 1 && few.depths[0].samples === 40, `${few.workers} workers, ${few.depths[0].samples} draws`);
  const t1 = Date.now();
  await page.evaluate(() => window.optiscape.workers(false));
  await waitFor(page, () => { const t = window.optiscape.state().theory; return t.workers === 0 && t.done; });
  const wallHere = Date.now() - t1;
  const here = (await state(page)).theory;
  assert.deepEqual(here.depths, few.depths);
  assert.deepEqual(here.nets, few.nets);
  assert.deepEqual(here.layers, few.layers);
  assert.notDeepEqual(few.depths, small.depths);  // 40 draws are not the 200 above
  console.log(`# Theorem 9: 200 draws per depth on ${small.workers} workers ${wallWorkers} ms wall; 40 on the main thread ${wallHere} ms wall`);
  await page.evaluate(() => window.optiscape.workers(true));
  await page.evaluate(() => window.optiscape.theory('sigmaSqrtD 2'));
  await waitFor(page, () => window.optiscape.state().theory.done);
  const large = (await state(page)).theory;
  assert.ok(large.depths[49].log10Mean > large.depths[0].log10Mean + 20);
  console.log(`# Theorem 9, d = ${large.width}: sigma sqrt(d) = 0.5: 1e${small.depths[0].log10Mean.toFixed(1)} -> 1e${small.depths[49].log10Mean.toFixed(1)}; ` +
              `2: 1e${large.depths[0].log10Mean.toFixed(1)} -> 1e${large.depths[49].log10Mean.toFixed(1)} (L = 1 -> 50)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the tanh plateau: longer from smaller starts, shorter with momentum and perturbed GD', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  let s = await page.evaluate(() => window.optiscape.theory('plateau'));
  assert.equal(s.mode, 'theory');
  assert.equal(s.theory.experiment, 'plateau');
  assert.equal(s.theory.plateau.runsTotal, 27);
  // on the workers, a run per job; frames keep being drawn meanwhile
  assert.ok(s.theory.workers >= 1, `${s.theory.workers} workers`);
  const t0 = Date.now();
  const frames0 = (await state(page)).frames;
  await waitFor(page, (f) => window.optiscape.state().frames > f + 5, frames0);
  await waitFor(page, () => window.optiscape.state().theory.done);
  const wall = Date.now() - t0;
  const p = (await state(page)).theory.plateau;
  assert.equal(p.runs.length, 27);
  const of = (o) => p.runs.filter((r) => r.optimizer === o);
  const gd = of('gd'), hb = of('momentum'), pgd = of('perturbed-gd');
  assert.deepEqual(gd.map((r) => r.scale), p.scales);
  for (let i = 0; i + 1 < gd.length; ++i) {
    assert.ok(gd[i].length > gd[i + 1].length, `gd: s = ${gd[i].scale}: ${gd[i].length}, s = ${gd[i + 1].scale}: ${gd[i + 1].length}`);
    assert.ok(hb[i].length < gd[i].length, `momentum at s = ${hb[i].scale}`);
    assert.ok(gd[i].startGrad < gd[i + 1].startGrad);
  }
  for (let i = 0; i < gd.length; ++i)
    if (gd[i].startGrad <= p.threshold) assert.ok(pgd[i].length < gd[i].length, `perturbed GD at s = ${pgd[i].scale}`);
  // lengths grow by the saddle's predicted steps per decade (s = 1e-4 ... 1e-2)
  const perDecade = (gd[0].length - gd[4].length) / 2;
  assert.ok(Math.abs(perDecade / p.stepsPerDecade.gd - 1) < 0.1, `${perDecade} vs ${p.stepsPerDecade.gd}`);
  assert.ok(Math.abs(p.zeroLoss - 0.6085) < 1e-4);
  console.log(`# tanh plateau (eta 0.05), 27 runs on ${s.theory.workers} workers in ${wall} ms wall: gd ${gd.map((r) => r.length).join(' ')}; momentum ${hb.map((r) => r.length).join(' ')}; ` +
              `perturbed ${pgd.map((r) => r.length).join(' ')}; predicted ${p.stepsPerDecade.gd.toFixed(1)} / ${p.stepsPerDecade.momentum.toFixed(1)} steps per decade`);
  await screenshot(page, 'web-theory-plateau.png');
  // the curve chooser is a view only; a smaller learning rate lengthens every plateau
  await page.evaluate(() => window.optiscape.theory('plateauCurve 0'));
  assert.equal((await state(page)).theory.done, true);
  await page.evaluate(() => window.optiscape.theory('plateauLr 0.025'));
  await waitFor(page, () => window.optiscape.state().theory.done);
  const slow = (await state(page)).theory.plateau.runs.filter((r) => r.optimizer === 'gd');
  assert.ok(slow[2].length > 1.5 * gd[2].length, `eta 0.025: ${slow[2].length} vs ${gd[2].length}`);
  // the same sweep on the main thread, a slice of steps per frame, is the workers' to the last bit
  const onWorkers = (await state(page)).theory.plateau.runs;
  await page.evaluate(() => window.optiscape.workers(false));
  const t1 = Date.now();
  await page.evaluate(() => window.optiscape.theory('restart'));
  await waitFor(page, () => { const t = window.optiscape.state().theory; return t.done && t.workers === 0; });
  console.log(`# tanh plateau (eta 0.025) on the main thread: ${Date.now() - t1} ms wall`);
  assert.deepEqual((await state(page)).theory.plateau.runs, onWorkers);
  await page.evaluate(() => window.optiscape.workers(true));
  const bad = await page.evaluate(() => { try { window.optiscape.theory('plateauLr 5'); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad, /plateauLr: 5 is out of range/);
  assert.deepEqual(await page.evaluate(() => window.optiscape.load(window.optiscape.state())), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the landscape kinds A-D compute, and a theory link round-trips', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.theory('kinds'));
  await page.evaluate(() => window.optiscape.theory('kindsK 6'));
  const t0 = Date.now();
  await page.evaluate(() => window.optiscape.theory('kindsRuns 10'));
  await waitFor(page, () => window.optiscape.state().theory.done);
  const wallWorkers = Date.now() - t0;
  const s = (await state(page)).theory;
  assert.ok(s.workers >= 1, `${s.workers} workers`);  // the many starts on the Web Workers
  assert.deepEqual(s.kinds.map((k) => k.kind), ['A', 'B', 'C', 'D']);
  assert.equal(s.kinds[0].runs, 10);
  assert.ok(Math.abs(s.kinds[0].max - s.kinds[0].optimum) < 1e-9 && Math.abs(s.kinds[0].min - s.kinds[0].optimum) < 1e-9);
  assert.deepEqual(s.kinds.slice(1).map((k) => k.n), [6, 7, 12]);
  assert.equal(s.kinds[3].spurious, 0);
  await screenshot(page, 'web-theory-kinds.png');
  // the same starts on the main thread: the same final losses, to the last digit
  const t1 = Date.now();
  await page.evaluate(() => window.optiscape.workers(false));
  await waitFor(page, () => { const t = window.optiscape.state().theory; return t.workers === 0 && t.done; });
  const wallHere = Date.now() - t1;
  const here = (await state(page)).theory;
  assert.deepEqual(here.kinds, s.kinds);
  console.log(`# landscape kinds, k = 6, 10 runs each: ${s.workers} workers ${wallWorkers} ms wall, main thread ${wallHere} ms wall`);
  await page.evaluate(() => window.optiscape.workers(true));
  // the link opens the same experiment; load(state()) ignores nothing
  const link = await page.evaluate(() => window.optiscape.link());
  assert.deepEqual(await page.evaluate(() => window.optiscape.load(window.optiscape.state())), []);
  const other = await openApp(suite.browser, link);
  const s2 = await state(other.page);
  assert.equal(s2.mode, 'theory');
  assert.equal(s2.theory.experiment, 'kinds');
  assert.equal(s2.theory.kindsRuns, 10);
  await other.context.close();
  // back to a landscape
  const back = await page.evaluate(() => window.optiscape.landscape('rosenbrock'));
  assert.equal(back.mode, 'landscape');
  assert.equal(back.theory, undefined);
  assert.deepEqual(errors, []);
  await context.close();
});
