// Browser end-to-end tests of the page in headless Chromium: it loads without console errors,
// window.optiscape is ready with the default scenario, the keyboard and the API drive the runs,
// the losses fall, a click on the map moves the start, and the picture is not blank.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot, state } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);

const waitFor = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 60000, polling: 50 });

test('loads with the default scenario and no console errors', async () => {
  const { page, context, errors, readyMs } = await openApp(suite.browser, suite.server.url);
  console.log(`# time from navigation to ready: ${readyMs} ms`);
  const s = await state(page);
  assert.equal(s.landscape.name, 'yarotsky');
  assert.equal(s.landscape.params.eps, 0.1);
  assert.equal(s.running, false);
  assert.deepEqual(s.runs.map((r) => r.optimizer), ['gd', 'momentum', 'nesterov', 'adam']);
  for (const r of s.runs) {
    assert.equal(r.step, 0);
    assert.equal(r.diverged, false);
    assert.ok(Number.isFinite(r.loss) && r.loss > 0);
    assert.ok(r.hyper.lr > 0);
  }
  const img = decodePng(await screenshot(page, 'web-1280x800.png'));
  const st = imageStats(img);
  assert.ok(st.colours > 300, `screenshot has ${st.colours} colours`);
  assert.ok(st.stddev > 10, `screenshot contrast ${st.stddev}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Space plays: steps grow and every loss falls; Space pauses', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const before = await state(page);
  await page.keyboard.press('Space');
  await waitFor(page, () => window.optiscape.state().running === true);
  await waitFor(page, () => window.optiscape.state().runs.every((r) => r.step >= 30 || r.diverged));
  await page.keyboard.press('Space');
  await waitFor(page, () => window.optiscape.state().running === false);
  const after = await state(page);
  after.runs.forEach((r, i) => {
    assert.equal(r.diverged, false, `${r.optimizer} should not diverge on the default scenario`);
    assert.ok(r.loss < before.runs[i].loss, `${r.optimizer}: loss ${r.loss} < ${before.runs[i].loss}`);
  });
  await screenshot(page, 'web-after-play.png');
  const frozen = (await state(page)).runs.map((r) => r.step);
  await page.waitForTimeout(300);  // paused: nothing moves (a check of absence, not a wait for a condition)
  assert.deepEqual((await state(page)).runs.map((r) => r.step), frozen);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Right arrow steps once, R resets, and the API matches', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.keyboard.press('ArrowRight');
  await waitFor(page, () => window.optiscape.state().runs.every((r) => r.step === 1));
  await page.keyboard.press('r');
  await waitFor(page, () => window.optiscape.state().runs.every((r) => r.step === 0));
  const s = await page.evaluate(() => window.optiscape.step(25));
  assert.ok(s.runs.every((r) => r.step === 25));
  const r = await page.evaluate(() => window.optiscape.reset());
  assert.ok(r.runs.every((x) => x.step === 0));
  const bad = await page.evaluate(() => { try { window.optiscape.step(-3); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad, /whole number of steps/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a click on the map sets the start of every run', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const before = await state(page);
  // The map fills the middle of the window; click left of its centre.
  await page.mouse.move(560, 450);
  await page.mouse.down();
  await page.waitForTimeout(100);  // ImGui must see the press on a frame of its own
  await page.mouse.up();
  await waitFor(page, (x) => window.optiscape.state().runs[0].start[0] !== x, before.runs[0].start[0]);
  const after = await state(page);
  const s0 = after.runs[0].start;
  assert.ok(after.runs.every((r) => r.start[0] === s0[0] && r.start[1] === s0[1] && r.step === 0));
  assert.ok(after.runs.every((r) => r.w[0] === s0[0] && r.w[1] === s0[1]));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a diverging run is stopped and marked; load() reports what it ignored', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  // Gradient descent far above the stability limit 2/λmax: it must stop, not produce NaN.
  const ignored = await page.evaluate(() => window.optiscape.load({
    landscape: { name: 'ill-conditioned' },
    runs: [{ optimizer: 'gd', hyper: { lr: 2.5 }, start: [1, 1] }, { optimizer: 'adam', hyper: { lr: 0.1, bogus: 3 } }],
  }));
  assert.equal(ignored.length, 1);
  assert.match(ignored[0], /bogus/);
  await page.keyboard.press('Space');
  await waitFor(page, () => window.optiscape.state().runs[0].diverged === true);
  const s = await state(page);
  assert.equal(s.landscape.name, 'ill-conditioned');
  const gd = s.runs[0];
  assert.match(gd.status, /^diverged at step \d+/);
  assert.equal(gd.divergedAt, gd.step + 1);
  assert.ok(gd.w.every(Number.isFinite) && Number.isFinite(gd.loss), 'the stopped run holds finite numbers');
  assert.equal(s.runs[1].diverged, false);
  await screenshot(page, 'web-diverged.png');
  const bad = await page.evaluate(() => window.optiscape.load('{"runs": [1, 2'));
  assert.equal(bad.length, 1);
  assert.match(bad[0], /scenario: line 1, column \d+/);
  assert.equal((await state(page)).landscape.name, 'ill-conditioned', 'a broken scenario changes nothing');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [w, h] of [[1920, 1080], [768, 1024]]) {
  test(`renders at ${w}x${h} without errors`, async () => {
    const { page, context, errors } = await openApp(suite.browser, suite.server.url, { width: w, height: h });
    await page.evaluate(() => window.optiscape.step(40));
    const img = decodePng(await screenshot(page, `web-${w}x${h}.png`));
    assert.equal(img.width, w);
    assert.ok(imageStats(img).colours > 300);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
