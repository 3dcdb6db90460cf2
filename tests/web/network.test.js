// Networks in headless Chromium: a spiral scenario trains a 2-16-16-1 tanh network with Adam to
// over 95 % training accuracy and draws its decision regions; the user's CSV trains (and a bad
// one is refused with its line); a network scenario round-trips through a link; a bad
// architecture in a link opens the default network settings and says what was ignored.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot, state } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);
const waitFor = (page, fn, arg, timeout = 180000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });

const SPIRAL = {
  mode: 'network',
  network: { dataset: 'spiral', n: 400, noise: 0.1, arch: '2-16-16-1', activation: 'tanh', loss: 'bce', init: 'xavier', seed: 1 },
  runs: [{ optimizer: 'adam', hyper: { lr: 0.03 } }],
};

test('a spiral network trains in the page past 95 % and its regions are drawn', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const ignored = await page.evaluate((sc) => window.optiscape.load(sc), SPIRAL);
  assert.deepEqual(ignored, []);
  const s0 = await state(page);
  assert.equal(s0.mode, 'network');
  assert.equal(s0.network.dataset, 'spiral');
  assert.equal(s0.network.params, 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
  assert.equal(s0.network.step, 0);
  assert.ok(s0.network.trainAcc < 0.8, `untrained accuracy ${s0.network.trainAcc}`);
  await page.evaluate(() => window.optiscape.play());
  await waitFor(page, () => window.optiscape.state().network.trainAcc >= 0.95);
  await page.evaluate(() => window.optiscape.pause());
  const s1 = await state(page);
  assert.ok(s1.network.trainLoss < s0.network.trainLoss / 3, `loss ${s0.network.trainLoss} -> ${s1.network.trainLoss}`);
  assert.equal(s1.runs[0].diverged, false);
  console.log(`# spiral 2-16-16-1: ${(100 * s1.network.trainAcc).toFixed(1)} % at step ${s1.network.step}`);
  const img = decodePng(await screenshot(page, 'web-network-spiral.png'));
  const st = imageStats(img);
  assert.ok(st.colours > 300, `screenshot has ${st.colours} colours`);
  assert.ok(st.stddev > 10, `screenshot contrast ${st.stddev}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the user\'s CSV trains the network; a broken one is refused with its line', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate((sc) => window.optiscape.load(sc), SPIRAL);
  // XOR-like quadrants, 2 classes
  const rows = ['x1,x2,y'];
  for (let i = 0; i < 60; ++i) {
    const a = Math.cos(i * 1.7) * 2, b = Math.sin(i * 2.3) * 2;
    rows.push(`${a.toFixed(4)},${b.toFixed(4)},${a * b > 0 ? 1 : 0}`);
  }
  const s = await page.evaluate((csv) => window.optiscape.data(csv, 'quadrants.csv'), rows.join('\n'));
  assert.equal(s.network.file, 'quadrants.csv');
  assert.equal(s.network.trainSamples + s.network.testSamples, 60);
  assert.equal(s.network.classes, 2);
  assert.equal(s.network.step, 0);
  const bad = await page.evaluate(() => {
    try { window.optiscape.data('x1,x2,y\n1,2,0\n3,oops,1\n', 'bad.csv'); return 'no error'; } catch (e) { return e.message; }
  });
  assert.match(bad, /^optiscape: .*line 3/);
  const after = await state(page);
  assert.equal(after.network.file, 'quadrants.csv', 'the previous data stays');
  assert.match(after.notice, /Not loaded/);
  await page.evaluate(() => window.optiscape.step(50));
  const trained = await state(page);
  assert.equal(trained.network.step, 50);
  assert.ok(trained.network.trainLoss < s.network.trainLoss, `${trained.network.trainLoss} < ${s.network.trainLoss}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a network scenario round-trips through its link', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.load({
    mode: 'network',
    network: { dataset: 'circles', n: 200, noise: 0.05, arch: '2-6-1', activation: 'relu', loss: 'bce', init: 'he', seed: 7, testFraction: 0.25, earlyStop: 30, features: 'x1,x2,x1^2' },
    runs: [{ optimizer: 'momentum', hyper: { lr: 0.1, momentum: 0.9 }, batch: 16 }, { optimizer: 'adamw', hyper: { lr: 0.01, 'weight-decay': 0.02 } }],
  }));
  const original = await state(page);
  assert.equal(original.mode, 'network');
  const link = await page.evaluate(() => window.optiscape.link());
  const second = await openApp(suite.browser, link);
  const restored = await state(second.page);
  assert.equal(restored.notice, original.notice);
  const strip = (s) => ({ mode: s.mode, network: Object.fromEntries(Object.entries(s.network).filter(([k]) => !['run', 'step', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'earlyStopStep'].includes(k))),
    runs: s.runs.map((r) => ({ optimizer: r.optimizer, hyper: r.hyper, batch: r.batch })) });
  assert.deepEqual(strip(restored), strip(original));
  assert.equal(restored.network.trainLoss, original.network.trainLoss, 'the same initial weights');
  assert.deepEqual(errors, []);
  assert.deepEqual(second.errors, []);
  await second.context.close();
  await context.close();
});

test('a bad architecture in a link is reported and the default network opens', async () => {
  const bad = { mode: 'network', network: { dataset: 'xor', arch: '3-x-1', activation: 'tanh' }, runs: [{ optimizer: 'adam' }] };
  const { page, context, errors } = await openApp(suite.browser, suite.server.url + '#' + encodeURIComponent(JSON.stringify(bad)));
  const s = await state(page);
  assert.match(s.notice, /arch/);
  assert.ok(s.runs.length >= 1);
  assert.deepEqual(errors, []);
  await context.close();
});
