// Heavy work in Web Workers (src/platform/jobs.cpp, web_glue.js): the basin map's bands are
// computed by workers — each an instance of the page's own script and wasm — and the map is the
// one the main thread computes alone, to the last pixel and step; the one-file build opened from
// file:// starts its workers from its own text; while the workers compute, the page still
// answers and draws.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { useBrowser, openApp, state, ROOT } = require('../support/browser.js');

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
