// The wasm in two halves (cmake/split_wasm.py, src/platform/web_pre.js): the page draws its first
// picture and runs the 2-D tool from optiscape.wasm alone; the first input fetches
// optiscape.deferred.wasm in the background; a network opened before any input loads it at once
// and trains; a link to a network downloads both halves together, before the first frame; the
// one-file page, from file://, does the same from its data: URIs.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { useBrowser, openApp, state, ROOT } = require('../support/browser.js');

const suite = useBrowser(test);
const waitFor = (page, fn, arg, timeout = 180000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });
const NETWORK = {
  mode: 'network',
  network: { dataset: 'circles', n: 200, arch: '2-8-1', activation: 'tanh', loss: 'bce', seed: 3 },
  runs: [{ optimizer: 'adam', hyper: { lr: 0.05 } }],
};

/** Opens `url`, recording the names of the wasm files the page requests. */
async function openRecording(url) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const wasm = [], errors = [];
  page.on('request', (r) => { const m = /([\w.-]+\.wasm)$/.exec(r.url()); if (m) wasm.push(m[1]); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await waitFor(page, () => window.optiscape && window.optiscape.ready);
  await page.evaluate(() => window.optiscape.ready);
  return { page, context, wasm, errors };
}

async function trains(page) {
  assert.deepEqual(await page.evaluate((sc) => window.optiscape.load(sc), NETWORK), []);
  const s0 = await state(page);
  assert.equal(s0.mode, 'network');
  await page.evaluate(() => window.optiscape.step(200));
  const s1 = await state(page);
  assert.equal(s1.network.step, 200);
  assert.ok(s1.network.trainLoss < s0.network.trainLoss, `loss ${s0.network.trainLoss} -> ${s1.network.trainLoss}`);
}

test('the first picture and the 2-D tool need only optiscape.wasm; the first input fetches the rest', async () => {
  const { page, context, wasm, errors } = await openRecording(suite.server.url);
  // the default scenario plays a while, its probe and layers drawn, with no second request
  await page.evaluate(() => window.optiscape.play());
  const f0 = (await state(page)).frames;
  await waitFor(page, (f) => window.optiscape.state().frames >= f + 20, f0);
  await page.evaluate(() => { window.optiscape.pause(); window.optiscape.landscape('rosenbrock'); window.optiscape.step(50); });
  assert.deepEqual(wasm, ['optiscape.wasm'], 'the page asked only for the first half');
  assert.equal(await page.evaluate(() => Module.deferredState()), 'not loaded');
  // a click on the map: the deferred half comes in the background, then a network trains
  const deferred = page.waitForRequest((r) => r.url().endsWith('optiscape.deferred.wasm'), { timeout: 60000 });
  await page.mouse.move(650, 400);
  await page.mouse.down();
  await page.mouse.up();
  await deferred;
  await waitFor(page, () => Module.deferredState() === 'loaded');
  assert.deepEqual(await howDeferred(page), ['fetch']);
  await trains(page);
  assert.deepEqual(wasm, ['optiscape.wasm', 'optiscape.deferred.wasm'], 'the deferred half was fetched once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a network opened before any input loads the deferred half at once and trains', async () => {
  const { page, context, wasm, errors } = await openRecording(suite.server.url);
  assert.equal(await page.evaluate(() => Module.deferredState()), 'not loaded');
  await trains(page);
  assert.equal(await page.evaluate(() => Module.deferredState()), 'loaded');
  assert.deepEqual(await howDeferred(page), ['xmlhttprequest']);
  assert.deepEqual(wasm, ['optiscape.wasm', 'optiscape.deferred.wasm']);
  assert.deepEqual(errors, []);
  await context.close();
});

/** How the page requested the deferred half: 'fetch' (in the background) or 'xmlhttprequest'. */
const howDeferred = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => e.name.endsWith('optiscape.deferred.wasm')).map((e) => e.initiatorType));

test('a link to a network scenario downloads both halves together and trains', async () => {
  const { page, context, wasm, errors } = await openRecording(suite.server.url + '#' + encodeURIComponent(JSON.stringify(NETWORK)));
  assert.equal(await page.evaluate(() => Module.deferredState()), 'loaded', 'linked before the first frame');
  assert.deepEqual(await howDeferred(page), ['fetch'], 'fetched beside the first half, not loaded at once');
  assert.equal((await state(page)).mode, 'network');
  await page.evaluate(() => window.optiscape.step(100));
  assert.equal((await state(page)).network.step, 100);
  assert.deepEqual(wasm, ['optiscape.wasm', 'optiscape.deferred.wasm']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a key pressed while the first half downloads does not use up the background fetch', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // optiscape.wasm is held back until a key has been pressed on the page
  let release;
  const pressed = new Promise((resolve) => { release = resolve; });
  await page.route('**/optiscape.wasm', async (route) => { await pressed; await route.continue(); });
  await page.goto(suite.server.url, { waitUntil: 'domcontentloaded' });
  await page.keyboard.press('Shift');
  release();
  await waitFor(page, () => window.optiscape && window.optiscape.ready);
  await page.evaluate(() => window.optiscape.ready);
  assert.equal(await page.evaluate(() => Module.deferredState()), 'not loaded', 'too early to fetch it');
  // the next key fetches it in the background
  await page.keyboard.press('Shift');
  await waitFor(page, () => Module.deferredState() === 'loaded');
  assert.deepEqual(await howDeferred(page), ['fetch']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the one-file page from file:// loads its deferred half from itself and trains a network', async () => {
  const file = pathToFileURL(path.join(ROOT, 'dist', 'optiscape-standalone.html')).href;
  const { page, context, errors } = await openRecording(file);
  await trains(page);
  assert.equal(await page.evaluate(() => Module.deferredState()), 'loaded');
  assert.deepEqual(errors, []);
  await context.close();
});
