// The wasm in two halves (cmake/split_wasm.py, src/platform/web_pre.js): the page draws its first
// picture and runs the 2-D tool from optiscape.wasm alone; the first input fetches
// optiscape.deferred.wasm in the background; a network opened before any input loads it at once
// and trains; a link to a network downloads both halves together, before the first frame; the
// one-file page, from file://, does the same from its data: URIs. The lessons (optiscape.lessons.json)
// download after the first input too, and the Lessons tab waits for them.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { useBrowser, openApp, screenshot, state, ROOT } = require('../support/browser.js');

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

/** Opens the page with optiscape.lessons.json answered by `answer(route)`; records its requests. */
async function openWithLessons(answer) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const lessons = [], errors = [];
  page.on('request', (r) => { if (r.url().endsWith('optiscape.lessons.json')) lessons.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/optiscape.lessons.json', answer);
  await page.goto(suite.server.url);
  await waitFor(page, () => window.optiscape && window.optiscape.ready);
  await page.evaluate(() => window.optiscape.ready);
  return { page, context, lessons, errors };
}
const LESSONS_TAB = [113, 74];  // at 1280 x 800

test('the lessons download after the first input; the Lessons tab waits for them without stopping the page', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const { page, context, lessons, errors } = await openWithLessons(async (route) => { await held; await route.continue(); });
  assert.deepEqual(lessons, [], 'no lessons before any input');
  assert.equal(await page.evaluate(() => Module.lessonsState()), 'not loaded');
  // the first input, a click on the Lessons tab, starts their download; the tab says it loads
  await page.mouse.click(...LESSONS_TAB);
  await waitFor(page, () => Module.lessonsState() === 'loading');
  // the page answers meanwhile: no synchronous request waits for the held download
  assert.equal((await state(page)).lesson, undefined);
  await screenshot(page, 'web-lessons-loading.png');
  assert.equal(lessons.length, 1);
  release();
  await waitFor(page, () => Module.lessonsState() === 'loaded');
  const list = await page.evaluate(() => window.optiscape.lessons());
  assert.ok(list.length >= 10 && list.every((l) => l.id && l.title && l.steps > 0), JSON.stringify(list));
  assert.equal(list[0].id, 'step-limit');
  assert.equal(lessons.length, 1, 'downloaded once');
  assert.deepEqual(await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('optiscape.lessons.json')).map((e) => e.initiatorType)), ['fetch']);
  await screenshot(page, 'web-lessons-list.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('lessons that cannot be downloaded are said so, and an API call tries again', async () => {
  let status = 404;
  const { page, context, lessons, errors } = await openWithLessons(async (route) => {
    if (status === 404) await route.fulfill({ status: 404, body: 'not here' });
    else await route.continue();
  });
  // an API call before any input asks for them at once
  const missing = await page.evaluate(() => { try { window.optiscape.lessons(); return 'no error'; } catch (e) { return e.message; } });
  assert.match(missing, /the lessons could not be read: they could not be downloaded\. Check the connection and try again\./);
  const open = await page.evaluate(() => { try { window.optiscape.lesson('momentum', 0); return 'no error'; } catch (e) { return e.message; } });
  assert.match(open, /the lessons could not be read/);
  // the tab says so too (its download failed as well), and the page goes on
  await page.mouse.click(...LESSONS_TAB);
  await waitFor(page, () => Module.lessonsState() === 'failed');
  assert.equal((await state(page)).lesson, undefined);
  status = 200;
  const s = await page.evaluate(() => window.optiscape.lesson('momentum', 1));
  assert.equal(s.lesson.id, 'momentum');
  assert.equal(s.lesson.step, 1);
  assert.ok(lessons.length >= 3, `${lessons.length} requests`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the one-file page from file:// loads its deferred half from itself and trains a network', async () => {
  const file = pathToFileURL(path.join(ROOT, 'dist', 'optiscape-standalone.html')).href;
  const { page, context, errors } = await openRecording(file);
  const lessons = await page.evaluate(() => window.optiscape.lessons());  // from its data: URI
  assert.ok(lessons.length >= 10, `${lessons.length} lessons`);
  await trains(page);
  assert.equal(await page.evaluate(() => Module.deferredState()), 'loaded');
  assert.deepEqual(errors, []);
  await context.close();
});
