// Heavy work in Web Workers (src/platform/jobs.cpp, web_glue.js): the basin map's bands are
// computed by workers — each an instance of the page's own script and wasm — and the map is the
// one the main thread computes alone, to the last pixel and step; the one-file build opened from
// file:// starts its workers from its own text; while the workers compute, the page still
// answers and draws. The fair-comparison sweep's runs go to the workers too, the same to the last
// bit as computed at once on the main thread.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { useBrowser, openApp, state, screenshot, ROOT } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);
const waitFor = (page, fn, arg, timeout = 240000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });

const ROSENBROCK = {
  landscape: { name: 'rosenbrock' },
  runs: [{ optimizer: 'momentum', hyper: { lr: 1e-4, momentum: 0.9 }, start: [-1.2, 1] }],
};
const HIMMELBLAU = {  // four basins: labels depend on the order rows are labelled in
  landscape: { name: 'formula', formula: '(w1^2 + w2 - a)^2 + (w1 + w2^2 - 7)^2', params: { a: 11 } },
  runs: [{ optimizer: 'momentum', hyper: { lr: 0.002, momentum: 0.9 }, start: [0, 0] }],
};

async function basinMap(page) {
  await page.evaluate(() => window.optiscape.layer('basins', true));
  await waitFor(page, () => window.optiscape.state().layers.basins.progress === 1);
  const s = await state(page);
  await page.evaluate(() => window.optiscape.layer('basins', false));
  return { ...s.layers.basins, jobs: s.jobs };
}

for (const [name, scenario] of [['rosenbrock', ROSENBROCK], ['a formula with four minima', HIMMELBLAU]]) {
  test(`basins of ${name} on workers are the main thread's map`, async () => {
    const { page, context, errors } = await openApp(suite.browser, suite.server.url);
    assert.deepEqual(await page.evaluate((sc) => window.optiscape.load(sc), scenario), []);
    const workers = await basinMap(page);
    assert.equal(workers.jobs.where, 'web-workers');
    assert.ok(workers.workers >= 1 && workers.workers <= 4, `workers ${workers.workers}`);
    assert.ok(workers.jobs.finished >= 16, `bands finished ${workers.jobs.finished}`);
    await page.evaluate(() => window.optiscape.workers(false));
    const alone = await basinMap(page);
    assert.equal(alone.workers, 0);
    assert.equal(alone.jobs.where, 'main-thread');
    assert.deepEqual(alone.grid, workers.grid);
    assert.equal(alone.steps, workers.steps);
    assert.equal(alone.hash, workers.hash);
    assert.ok(workers.hash > 0);
    console.log(`# ${name}: ${workers.grid.join('x')} starts, ${workers.steps} steps: ` +
      `${workers.workers} workers ${workers.ms.toFixed(0)} ms wall, main thread ${alone.ms.toFixed(0)} ms in the kernel`);
    await page.evaluate(() => window.optiscape.workers(true));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a map cancelled half-way (the view changed) gives way to the new one', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate((sc) => window.optiscape.load(sc), ROSENBROCK);
  await page.evaluate(() => window.optiscape.layer('basins', true));
  await waitFor(page, () => window.optiscape.state().layers.basins.progress > 0);
  await page.evaluate(() => window.optiscape.set('lr', 2e-4));  // a new request: the old bands are dropped
  await waitFor(page, () => window.optiscape.state().layers.basins.progress === 1);
  const s = await state(page);
  assert.equal(s.layers.basins.workers >= 1, true);
  await page.evaluate(() => window.optiscape.workers(false));
  await waitFor(page, () => window.optiscape.state().layers.basins.progress === 1);
  assert.equal((await state(page)).layers.basins.hash, s.layers.basins.hash);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the one-file build opened from file:// computes basins on workers', async () => {
  const file = pathToFileURL(path.join(ROOT, 'dist', 'optiscape-standalone.html')).href;
  const { page, context, errors } = await openApp(suite.browser, file);
  await page.evaluate((sc) => window.optiscape.load(sc), ROSENBROCK);
  const b = await basinMap(page);
  assert.equal(b.jobs.where, 'web-workers');
  assert.ok(b.workers >= 1);
  assert.ok(b.hash > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the fair-comparison sweep: at once on a plane, on workers on a network slice (the same to the last bit as at once)', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate((sc) => window.optiscape.load(sc), {
    landscape: { name: 'rosenbrock' },
    runs: [{ optimizer: 'momentum', hyper: { lr: 1e-3, momentum: 0.9 }, start: [-1.2, 1] }],
  });
  // a plane's sweep takes milliseconds: computed here, not worth the messages
  await page.evaluate(() => window.optiscape.command('sweep open'));
  await waitFor(page, () => window.optiscape.state().sweep.progress === 1);
  const plane = (await state(page)).sweep;
  assert.deepEqual(plane.grid, [20, 20]);
  assert.equal(plane.second, 'momentum');
  assert.equal(plane.steps, 200);
  assert.equal(plane.workers, 0);
  // the best cell: a step size within the sweep's range (1e-5 to 3e-2), a momentum in [0, 0.99],
  // and a loss below the start's (L(-1.2, 1) = 24.2)
  const best = plane.best;
  assert.ok(best.lr >= 1e-5 * (1 - 1e-12) && best.lr <= 3e-2 * (1 + 1e-12), `best lr ${best.lr}`);
  assert.ok(best.momentum >= 0 && best.momentum <= 0.99, `best momentum ${best.momentum}`);
  assert.ok(best.loss < 24.2, `best loss ${best.loss}`);
  const st = imageStats(decodePng(await screenshot(page, 'web-sweep.png')));
  assert.ok(st.colours > 100, `sweep window: ${st.colours} colours`);

  // on a network slice every step is a pass over the training set: the runs go to the workers
  await page.evaluate((sc) => window.optiscape.load(sc), {
    mode: 'network',
    network: { dataset: 'two-moons', n: 100, noise: 0.2, arch: '2-8-8-1', activation: 'tanh', loss: 'bce', seed: 1 },
    runs: [{ optimizer: 'adam', hyper: { lr: 0.03 } }],
  });
  await page.evaluate(() => window.optiscape.step(100));
  await page.evaluate(() => window.optiscape.command('slice open pca'));
  await waitFor(page, () => window.optiscape.state().slice.grid.progress === 1);  // the map's jobs first
  await page.evaluate(() => window.optiscape.command('sweep open steps 20'));
  await waitFor(page, () => window.optiscape.state().sweep.progress === 1);
  const onWorkers = (await state(page)).sweep;
  assert.equal(onWorkers.second, 'beta1');
  assert.equal(onWorkers.steps, 20);
  assert.ok(onWorkers.workers >= 1, `${onWorkers.workers} workers`);
  assert.ok(onWorkers.hash > 0);
  await page.evaluate(() => window.optiscape.workers(false));
  // without workers: a few runs per frame (the wall time a student waits), and all at once
  const t0 = Date.now();
  await page.evaluate(() => window.optiscape.command('sweep open steps 20'));
  await waitFor(page, () => window.optiscape.state().sweep.progress === 1);
  const progressiveWall = Date.now() - t0;
  assert.equal((await state(page)).sweep.hash, onWorkers.hash);
  await page.evaluate(() => window.optiscape.command('sweep steps 20'));
  const here = (await state(page)).sweep;
  console.log(`# sweep 20 x 20 x 200 steps on rosenbrock: ${plane.ms.toFixed(1)} ms here; 20 x 20 x 20 steps on a slice of 2-8-8-1 (100 points): ${onWorkers.ms.toFixed(0)} ms on ${onWorkers.workers} workers (wall), ${progressiveWall} ms wall a few runs per frame on the main thread, ${here.ms.toFixed(0)} ms at once (the page frozen)`);
  assert.equal(here.workers, 0);
  assert.equal(here.progress, 1);
  assert.equal(here.hash, onWorkers.hash);
  assert.deepEqual(here.best, onWorkers.best);
  await page.evaluate(() => window.optiscape.workers(true));
  assert.match(await page.evaluate(() => { try { window.optiscape.command('sweep steps 5'); return 'accepted'; } catch (e) { return e.message; } }),
    /sweep takes \[open\] \[steps N\]/);
  assert.deepEqual(errors, []);
  await context.close();
});
