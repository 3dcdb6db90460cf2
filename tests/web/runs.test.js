// Browser end-to-end tests of the runs side: eight runs of different optimizers play (each loss
// falls or the run is marked stopped), a schedule set by load() shows in state() and link(),
// duplicate/remove/set/schedule drive the selected run, a seeded noisy run ends at the same w as
// the native CLI, and minibatches on linear-regression play — all without console errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { useBrowser, openApp, screenshot, ROOT, state } = require('../support/browser.js');

const suite = useBrowser(test);

const waitFor = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 90000, polling: 50 });

const EIGHT = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad', 'adamw'];

test('eight runs of different optimizers play: every loss falls or the run is stopped', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const ignored = await page.evaluate((names) => window.optiscape.load({
    landscape: { name: 'rosenbrock' },
    runs: names.map((optimizer) => ({ optimizer, start: [-1.2, 1] })),
  }), EIGHT);
  assert.deepEqual(ignored, []);
  const before = await state(page);
  assert.deepEqual(before.runs.map((r) => r.optimizer), EIGHT);
  assert.equal(new Set(before.runs.map((r) => r.color)).size, 8, 'eight different colours');
  await page.evaluate(() => window.optiscape.play());
  await waitFor(page, () => window.optiscape.state().runs.every((r) => r.step >= 60 || r.stopped));
  await page.evaluate(() => window.optiscape.pause());
  const after = await state(page);
  after.runs.forEach((r, i) => {
    if (r.stopped) assert.ok(r.status.length > 0, `${r.optimizer} is stopped with a status`);
    else assert.ok(r.loss < before.runs[i].loss, `${r.optimizer}: loss ${r.loss} < ${before.runs[i].loss}`);
    assert.ok(r.w.every(Number.isFinite) && Number.isFinite(r.loss));
  });
  await screenshot(page, 'web-eight-runs.png');
  // A ninth run is refused with a message; remove and duplicate work through the API.
  const full = await page.evaluate(() => { try { window.optiscape.duplicate(0); return 'no error'; } catch (e) { return e.message; } });
  assert.match(full, /at most 8 runs/);
  let s = await page.evaluate(() => window.optiscape.remove(7));
  assert.equal(s.runs.length, 7);
  s = await page.evaluate(() => { window.optiscape.select(5); return window.optiscape.duplicate(); });
  assert.equal(s.runs.length, 8);
  assert.equal(s.runs[7].optimizer, 'adam');
  assert.equal(s.selected, 7);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a schedule set via load() appears in state() and in link(); set/schedule edit the selected run', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const spec = 'cosine:period=40,min=0.001,warmup=5';
  const ignored = await page.evaluate((sp) => window.optiscape.load({ runs: [{ optimizer: 'gd', schedule: sp }] }), spec);
  assert.deepEqual(ignored, []);
  let s = await state(page);
  assert.equal(s.runs[0].schedule, spec);
  const link = await page.evaluate(() => window.optiscape.link());
  const linked = JSON.parse(decodeURIComponent(new URL(link).hash.slice(1)));
  assert.equal(linked.runs[0].schedule, spec);
  // warm-up: step 1 uses γ/5
  assert.ok(Math.abs(s.runs[0].lr - s.runs[0].hyper.lr / 5) < 1e-15);
  // The API edits the selected run, and refuses bad values with a message.
  s = await page.evaluate(() => { window.optiscape.select(0); window.optiscape.set('lr', 0.02); return window.optiscape.schedule('step:every=10,gamma=0.5'); });
  assert.equal(s.runs[0].hyper.lr, 0.02);
  assert.equal(s.runs[0].schedule, 'step:every=10,gamma=0.5');
  const bad = await page.evaluate(() => { try { window.optiscape.set('lr', -1); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad, /lr must be in/);
  const badSchedule = await page.evaluate(() => { try { window.optiscape.schedule('zigzag'); return 'no error'; } catch (e) { return e.message; } });
  assert.match(badSchedule, /unknown schedule 'zigzag'/);
  const noBatch = await page.evaluate(() => { try { window.optiscape.set('batch', 4); return 'no error'; } catch (e) { return e.message; } });
  assert.match(noBatch, /batch needs a landscape defined by data/);
  s = await page.evaluate(() => window.optiscape.step(25));
  assert.ok(Math.abs(s.runs[0].lr - 0.02 * 0.25) < 1e-15, `after 25 steps the rate is γ·0.5² (${s.runs[0].lr})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a seeded noisy run ends at the same w in the suite.browser as the native CLI', async () => {
  const cli = path.join(ROOT, 'build', 'native', 'optiscape');
  assert.ok(fs.existsSync(cli), 'build the native CLI first (cmake --build --preset native)');
  const csv = execFileSync(cli, ['run', '--landscape', 'yarotsky', '--optimizer', 'adam', '--lr', '0.05',
    '--start', '-1.5,2', '--steps', '150', '--noise', '0.1', '--seed', '7'], { encoding: 'utf8' });
  const rows = csv.trim().split('\n');
  const last = rows[rows.length - 1].split(',').map(Number);
  assert.equal(last[0], 150);
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.load({ landscape: { name: 'yarotsky', params: { eps: 0.1 } },
    runs: [{ optimizer: 'adam', hyper: { lr: 0.05 }, start: [-1.5, 2], noise: 0.1, seed: 7 }] }));
  const s = await page.evaluate(() => window.optiscape.step(150));
  const r = s.runs[0];
  assert.equal(r.step, 150);
  assert.equal(r.noise, 0.1);
  assert.equal(r.seed, 7);
  assert.ok(Math.abs(r.w[0] - last[1]) <= 1e-12, `w1 ${r.w[0]} vs CLI ${last[1]}`);
  assert.ok(Math.abs(r.w[1] - last[2]) <= 1e-12, `w2 ${r.w[1]} vs CLI ${last[2]}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('minibatch gradients on linear-regression play, and the data tab draws', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const ignored = await page.evaluate(() => window.optiscape.load({
    landscape: { name: 'linear-regression' },
    runs: [{ optimizer: 'gd', hyper: { lr: 0.05 }, batch: 4, seed: 3 }, { optimizer: 'gd', hyper: { lr: 0.05 }, batch: 0 }],
    running: true,
  }));
  assert.deepEqual(ignored, []);
  const before = await state(page);
  assert.equal(before.landscape.name, 'linear-regression');
  assert.equal(before.runs[0].batch, 4);
  await waitFor(page, () => window.optiscape.state().runs.every((r) => r.step >= 80 || r.stopped));
  await page.evaluate(() => window.optiscape.pause());
  const after = await state(page);
  after.runs.forEach((r, i) => {
    assert.equal(r.stopped && r.diverged, false);
    assert.ok(r.loss < before.runs[i].loss * 0.5, `run ${i}: loss ${r.loss} vs ${before.runs[i].loss}`);
  });
  // The minibatch run wanders off the full-batch path.
  assert.notDeepEqual(after.runs[0].w, after.runs[1].w);
  await screenshot(page, 'web-minibatch.png');
  assert.deepEqual(errors, []);
  await context.close();
});
