// The landscape side in headless Chromium: a typed formula becomes the landscape with its
// parameters, a malformed one is reported with its column while the previous landscape stays, a
// formula and the map's layers round-trip through link(), the basins layer completes, and a run
// that steps where the formula is undefined stops with "left the domain".
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot, state } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);

/** The message a call of window.optiscape throws, or 'no error'. */
const thrown = (page, fn, arg) => page.evaluate(({ fn, arg }) => {
  try { window.optiscape[fn](arg); return 'no error'; } catch (e) { return e.message; }
}, { fn, arg });

test('a formula typed via the API becomes the landscape, with its parameters in state()', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  let s = await page.evaluate(() => window.optiscape.formula('a*w1^2 + b*(w2 - 1)^2 + sin(k*w1)'));
  assert.equal(s.landscape.name, 'formula');
  assert.equal(s.landscape.formula, 'a*w1^2 + b*(w2 - 1)^2 + sin(k*w1)');
  assert.deepEqual(s.landscape.params, { a: 1, b: 1, k: 1 });
  assert.equal(s.formula.error, '');
  assert.equal(s.landscape.compiled, false);  // sin(): interpreted
  assert.ok(s.runs.every((r) => r.step === 0 && Number.isFinite(r.loss)));
  // Parameters load like a preset's; values the editor's sliders can widen to.
  assert.deepEqual(await page.evaluate(() => window.optiscape.load({ landscape: { params: { a: 3, k: 40 } } })), []);
  s = await state(page);
  assert.deepEqual(s.landscape.params, { a: 3, b: 1, k: 40 });
  // A preset opened from the menu's name shows its own formula in the editor.
  s = await page.evaluate(() => window.optiscape.landscape('linear-regression'));
  assert.equal(s.landscape.name, 'linear-regression');
  assert.ok(s.landscape.params.n > 0);
  assert.equal(s.formula.text, s.landscape.formula);
  s = await page.evaluate(() => window.optiscape.landscape('rosenbrock'));
  assert.equal(s.formula.text, '(1 - w1)^2 + 100*(w2 - w1^2)^2');
  assert.equal(s.landscape.compiled, false);  // the hand-written preset
  // A polynomial runs compiled to WebAssembly by the browser's engine, with the same numbers.
  s = await page.evaluate(() => window.optiscape.formula('(1 - w1)^2 + 50*(w2 - w1^2)^2'));
  assert.equal(s.landscape.name, 'formula');
  assert.equal(s.landscape.compiled, true);
  assert.ok(s.runs.every((r) => Number.isFinite(r.loss)));
  s = await page.evaluate(() => window.optiscape.landscape('himmelblau'));
  assert.equal(s.landscape.compiled, true);  // a formula preset
  assert.deepEqual(errors, []);
  await context.close();
});

test('a malformed formula is reported with its column and the previous landscape is kept', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.formula('w1^2 + c*w2^2'));
  const ignored = await page.evaluate(() => window.optiscape.load(
    { landscape: { name: 'formula', formula: 'w1^2 + * w2', params: { c: 2 } } }));
  assert.ok(ignored.some((m) => /^landscape\.formula: column 8: /.test(m)), JSON.stringify(ignored));
  let s = await state(page);
  assert.equal(s.landscape.formula, 'w1^2 + c*w2^2');
  assert.deepEqual(s.landscape.params, { c: 1 });
  assert.match(s.notice, /^Ignored: landscape\.formula: column 8/);

  // Typing: the text is kept with the error and its column, the map keeps the last valid formula.
  assert.match(await thrown(page, 'formula', 'w1^2 + (w2 - 1'), /column \d+: /);
  assert.match(await thrown(page, 'formula', 'w1^2 + * w2'), /column 8: /);
  s = await state(page);
  assert.equal(s.formula.text, 'w1^2 + * w2');
  assert.equal(s.formula.column, 8);
  assert.match(s.formula.error, /^column 8: /);
  assert.equal(s.landscape.formula, 'w1^2 + c*w2^2');
  const img = decodePng(await screenshot(page, 'formula-error.png'));
  assert.ok(imageStats(img).colours > 300);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a formula, its parameters and the map layers round-trip through link()', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const ignored = await page.evaluate(() => window.optiscape.load({
    landscape: { name: 'formula', formula: '(w1^2 + w2 - a)^2 + (w1 + w2^2 - 7)^2', params: { a: 11.5 } },
    runs: [{ optimizer: 'gd', hyper: { lr: 0.004 }, start: [-0.25, -4.5] }],
    overlays: { flow: true, eigen: false },
    view: 'split',
  }));
  assert.deepEqual(ignored, []);
  const link = await page.evaluate(() => window.optiscape.link());
  assert.ok(decodeURIComponent(link).includes('"formula": "(w1^2 + w2 - a)^2 + (w1 + w2^2 - 7)^2"'), link);
  const original = await state(page);
  const second = await openApp(suite.browser, link);
  const restored = await state(second.page);
  assert.deepEqual(restored.landscape, original.landscape);
  assert.deepEqual(restored.landscape.params, { a: 11.5 });
  assert.equal(restored.view, 'split');
  assert.equal(restored.layers.flow.on, true);
  assert.equal(restored.layers.eigen, false);
  assert.deepEqual(restored.runs.map((r) => [r.optimizer, r.hyper.lr, r.start]), [['gd', 0.004, [-0.25, -4.5]]]);
  await second.page.waitForFunction(() => window.optiscape.state().layers.flow.points > 10, null, { timeout: 60000 });
  assert.deepEqual(errors, []);
  assert.deepEqual(second.errors, []);
  await second.context.close();
  await context.close();
});

test('the basins layer computes to progress 1 without console errors', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.landscape('himmelblau'));
  const s = await page.evaluate(() => window.optiscape.layer('basins', true));
  assert.equal(s.layers.basins.on, true);
  await page.waitForFunction(() => window.optiscape.state().layers.basins.progress > 0, null, { timeout: 60000, polling: 100 });
  await page.waitForFunction(() => window.optiscape.state().layers.basins.progress === 1, null, { timeout: 180000, polling: 250 });
  // the grid of starts: cells of about 3 CSS pixels over the map, at most 256 × 256; the time
  // spent computing it is reported
  const done = (await page.evaluate(() => window.optiscape.state())).layers.basins;
  assert.equal(done.grid.length, 2);
  for (const n of done.grid) assert.ok(n >= 100 && n <= 256, `grid ${done.grid}`);
  assert.ok(done.ms > 0, `ms ${done.ms}`);
  assert.ok(done.steps > 0 && done.steps <= done.grid[0] * done.grid[1] * 1000, `steps ${done.steps}`);
  const img = decodePng(await screenshot(page, 'basins-himmelblau.png'));
  assert.ok(imageStats(img).colours > 300);
  const off = await page.evaluate(() => window.optiscape.layer('basins', false));
  assert.deepEqual(off.layers.basins, { on: false, progress: 0 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a run that steps where the formula is undefined stops: "left the domain at step k"', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.formula('log(w1) + w2^2'));
  // ∂L/∂w1 = 1/w1: from w1 = 0.5 one step of 0.5 lands on w1 = -0.5, where log is undefined.
  assert.deepEqual(await page.evaluate(() => window.optiscape.load(
    { runs: [{ optimizer: 'gd', hyper: { lr: 0.5 }, start: [0.5, 1] }] })), []);
  const s = await page.evaluate(() => window.optiscape.step(5));
  assert.equal(s.runs.length, 1);
  const r = s.runs[0];
  assert.equal(r.stopped, true);
  assert.equal(r.stopReason, 'left-domain');
  assert.equal(r.diverged, false);
  assert.match(r.status, /^left the domain at step 1/);
  assert.equal(r.step, 0);  // stopped before the step that would leave
  const img = decodePng(await screenshot(page, 'left-domain.png'));
  assert.ok(imageStats(img).colours > 300);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the 3D view draws the surface (a lit mesh, not a blank), and split shows both', async () => {
  const { page, errors } = await openApp(suite.browser, suite.server.url);
  const centre = async () => {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const img = decodePng(await page.screenshot({ clip: { x: 420, y: 200, width: 440, height: 400 } }));
    return { img, stats: imageStats(img) };
  };
  const map = await centre();
  const s = await page.evaluate(() => window.optiscape.view('3d'));
  assert.equal(s.view, '3d');
  const surface = await centre();
  assert.ok(surface.stats.colours > 100 && surface.stats.stddev > 5, JSON.stringify(surface.stats));
  let differ = 0;  // the picture changed: the surface is not the map
  for (let i = 0; i < map.img.data.length; i += 4) if (Math.abs(map.img.data[i] - surface.img.data[i]) > 24) differ++;
  assert.ok(differ > map.img.data.length / 4 / 5, `${differ} pixels differ`);
  assert.equal((await page.evaluate(() => window.optiscape.view('split'))).view, 'split');
  await page.evaluate(() => window.optiscape.play());
  await page.waitForFunction(() => window.optiscape.state().runs[0].step > 20, null, { timeout: 60000 });
  assert.deepEqual(errors, []);
});
