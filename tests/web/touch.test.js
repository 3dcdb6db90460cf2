// A tablet in headless Chromium (768x1024, touch events through the DevTools protocol): a tap on
// the map sets the start of every run where the finger is, one finger drags the map, two fingers
// pinch to zoom by their spread; one notch of a mouse wheel zooms by the map's step 1.2; and
// load(state()) accepts everything state() reports.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser } = require('../support/browser.js');

const suite = useBrowser(test);

async function openTablet() {
  const context = await suite.browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(suite.server.url);
  await page.waitForFunction(() => window.optiscape && window.optiscape.ready, null, { timeout: 120000 });
  await page.evaluate(() => window.optiscape.ready);
  const cdp = await context.newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const frames = (n) => page.evaluate((k) => new Promise((r) => { const f = () => (k-- > 0 ? requestAnimationFrame(f) : r()); f(); }), n);
  return { page, errors, touch, frames };
}

/** A point of the map on screen: the map's rectangle is the canvas's largest plain area; its
 *  centre in the narrow layout is well inside it. */
async function mapCentre(page) {
  return page.evaluate(() => {
    const c = document.getElementById('canvas').getBoundingClientRect();
    return [c.left + c.width / 2, c.top + c.height * 0.36];
  });
}

test('a tap on the map sets the start of every run, where the finger is', async () => {
  const { page, errors, touch, frames } = await openTablet();
  const [x, y] = await mapCentre(page);
  const tap = async (px, py) => {
    const before = JSON.stringify(await page.evaluate(() => window.optiscape.state().runs.map((r) => r.start)));
    await touch('touchStart', [[px, py]]);
    await frames(2);
    await touch('touchEnd', []);
    await page.waitForFunction((b) => JSON.stringify(window.optiscape.state().runs.map((r) => r.start)) !== b,
      before, { timeout: 30000 });
    const starts = await page.evaluate(() => window.optiscape.state().runs.map((r) => r.start));
    for (const st of starts) assert.deepEqual(st, starts[0]);
    return starts[0];
  };
  const a = await tap(x - 60, y);
  const b = await tap(x + 60, y + 40);
  const upp = (await page.evaluate(() => window.optiscape.state().mapView)).unitsPerPixel;
  assert.ok(Math.abs(b[0] - a[0] - 120 * upp) < 3 * upp, `w1 moved by ${b[0] - a[0]}, expected ${120 * upp}`);
  assert.ok(Math.abs(a[1] - b[1] - 40 * upp) < 3 * upp, `w2 moved by ${a[1] - b[1]}, expected ${40 * upp}`);
  assert.deepEqual(errors, []);
});

test('one finger drags the map; two fingers pinch to zoom', async () => {
  const { page, errors, touch, frames } = await openTablet();
  const [x, y] = await mapCentre(page);
  const view0 = await page.evaluate(() => window.optiscape.state().mapView);
  await touch('touchStart', [[x, y]]);
  for (let k = 1; k <= 8; k++) { await touch('touchMove', [[x + 10 * k, y]]); await frames(1); }
  await touch('touchEnd', []);
  await page.waitForFunction((c) => window.optiscape.state().mapView.center[0] < c - 1e-9, view0.center[0], { timeout: 30000 });
  const view1 = await page.evaluate(() => window.optiscape.state().mapView);
  assert.equal(view1.unitsPerPixel, view0.unitsPerPixel);  // a drag pans, it does not zoom
  await touch('touchStart', [[x - 20, y], [x + 20, y]]);
  for (let k = 1; k <= 10; k++) { await touch('touchMove', [[x - 20 - 12 * k, y], [x + 20 + 12 * k, y]]); await frames(1); }
  await touch('touchEnd', []);
  await page.waitForFunction((u) => window.optiscape.state().mapView.unitsPerPixel < u * 0.5, view1.unitsPerPixel, { timeout: 30000 });
  const s = await page.evaluate(() => window.optiscape.state());
  assert.ok(s.runs.every((r) => r.step === 0), 'the pinch was not taken for a tap');
  assert.deepEqual(await page.evaluate(() => window.optiscape.load(window.optiscape.state())), []);
  assert.deepEqual(errors, []);
});

test('one notch of the mouse wheel zooms the map by 1.2 around the cursor', async () => {
  const { page, errors, frames } = await openTablet();
  const [x, y] = await mapCentre(page);
  const u0 = (await page.evaluate(() => window.optiscape.state().mapView)).unitsPerPixel;
  await page.mouse.move(x, y);
  await page.mouse.wheel(0, 100);  // one notch down: zoom out
  await page.waitForFunction((u) => window.optiscape.state().mapView.unitsPerPixel !== u, u0, { timeout: 30000 });
  await frames(2);
  const u1 = (await page.evaluate(() => window.optiscape.state().mapView)).unitsPerPixel;
  assert.ok(Math.abs(u1 / u0 - 1.2) < 1e-9, `zoomed by ${u1 / u0}`);
  assert.deepEqual(errors, []);
});
