// Exports and the cross-origin API in headless Chromium: the PNG is twice the page's size and not
// blank, the CSV holds every run's trajectory with the numbers state() shows, the video is a WebM
// file, and a course page in another origin drives the embed view with postMessage (and is
// ignored when the embed names other origins).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { useBrowser, openApp, ROOT } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test, { course: path.join(ROOT, 'web', 'fixtures') });  // another origin

/** A page that is not Optiscape (the course page), with its console errors collected. */
async function openPlain(url) {
  const context = await suite.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, errors };
}

/** Runs `action` in the page and returns the file it downloads: {name, bytes}. */
async function download(page, action) {
  const [dl, info] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.evaluate(action)]);
  const bytes = fs.readFileSync(await dl.path());
  assert.equal(dl.suggestedFilename(), info.name);
  assert.equal(bytes.length, info.size);
  return { name: dl.suggestedFilename(), bytes, info };
}

test('exportPng() downloads the view at twice the page size, named after the scenario', async () => {
  const { page, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.step(12));
  const { name, bytes, info } = await download(page, () => window.optiscape.exportPng());
  assert.equal(name, 'optiscape-yarotsky-step12.png');
  const img = decodePng(bytes);
  assert.equal(img.width, 2560);
  assert.equal(img.height, 1600);
  assert.equal(info.width, 2560);
  const stats = imageStats(img);
  assert.ok(stats.colours > 200 && stats.stddev > 10, JSON.stringify(stats));
  // the page is back to its own size afterwards
  await page.waitForFunction(() => document.getElementById('canvas').width === 1280, null, { timeout: 30000 });
  assert.deepEqual(errors, []);
});

test('exportCsv() downloads every run trajectory with the numbers state() shows', async () => {
  const { page, errors } = await openApp(suite.browser, suite.server.url);
  const state = await page.evaluate(() => window.optiscape.step(7));
  const { name, bytes } = await download(page, () => window.optiscape.exportCsv());
  assert.equal(name, 'optiscape-yarotsky-step7.csv');
  const lines = bytes.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'run,optimizer,step,w1,w2,loss,grad_norm,lr');
  assert.equal(lines.length - 1, state.runs.length * 8);
  for (let i = 0; i < state.runs.length; i++) {
    const last = lines.filter((l) => l.startsWith(`${i},`)).pop().split(',');
    assert.equal(last[1], state.runs[i].optimizer);
    assert.equal(Number(last[2]), 7);
    assert.equal(Number(last[3]), state.runs[i].w[0]);
    assert.equal(Number(last[4]), state.runs[i].w[1]);
    assert.equal(Number(last[5]), state.runs[i].loss);
  }
  assert.deepEqual(errors, []);
});

test('exportVideo() records the runs from their start as a WebM file', async () => {
  const { page, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.load({ landscape: 'isotropic', runs: [{ optimizer: 'gd', hyper: { lr: 0.05 }, start: [1.5, 1] }] }));
  const { name, bytes } = await download(page, () => window.optiscape.exportVideo());
  assert.equal(name, 'optiscape-isotropic-runs.webm');
  assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3]);  // EBML: Matroska/WebM
  const s = await page.evaluate(() => window.optiscape.state());
  assert.ok(s.runs[0].step > 10 && !s.running);
  assert.deepEqual(errors, []);
});

test('a course page in another origin drives the embed view with postMessage', async () => {
  const { page, errors } = await openPlain(`${suite.course.url}course-page.html?src=${encodeURIComponent(`${suite.server.url}embed.html`)}`);
  // the embed answers once it is ready
  let reply;
  for (const t0 = Date.now(); Date.now() - t0 < 60000;) {
    reply = await page.evaluate(() => Promise.race([window.ask('state'), new Promise((r) => setTimeout(() => r(null), 2000))]));
    if (reply && reply.result) break;
  }
  assert.ok(reply && reply.result && reply.result.landscape.name === 'yarotsky', JSON.stringify(reply));
  const stepped = await page.evaluate(() => window.ask('step', [3]));
  assert.ok(stepped.result.runs.every((r) => r.step === 3), JSON.stringify(stepped));
  const bad = await page.evaluate(() => window.ask('exportPng'));
  assert.match(bad.error, /unknown method exportPng/);
  const wrong = await page.evaluate(() => window.ask('step', ['x']));
  assert.ok(wrong.error, JSON.stringify(wrong));
  assert.deepEqual(errors, []);
});

test('an embed that names other origins ignores the course page', async () => {
  const src = `${suite.server.url}embed.html?origin=${encodeURIComponent('https://course.example')}`;
  const { page } = await openPlain(`${suite.course.url}course-page.html?src=${encodeURIComponent(src)}`);
  const embed = await (await page.waitForSelector('#optiscape')).contentFrame();
  const frame = () => embed;
  await embed.waitForFunction(() => window.optiscape && window.optiscape.state, null, { timeout: 60000 });
  await embed.evaluate(() => window.optiscape.ready);
  // a probe listener in the embed sees the page's messages after Optiscape's own listener did
  const seen = frame().evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', (e) => { if (e.data && e.data.id === 'probe') resolve(true); });
  }));
  await page.evaluate(() => {
    const w = document.getElementById('optiscape').contentWindow;
    w.postMessage({ optiscape: 'step', id: 1, args: [5] }, '*');
    w.postMessage({ optiscape: 'state', id: 'probe' }, '*');
  });
  assert.equal(await seen, true);
  const s = await frame().evaluate(() => window.optiscape.state());
  assert.ok(s.runs.every((r) => r.step === 0), 'the message from a foreign origin was obeyed');
});

test('the projector theme draws larger, high-contrast type and is reported by state()', async () => {
  const { page, errors } = await openApp(suite.browser, suite.server.url);
  const before = decodePng(await page.screenshot());
  const s = await page.evaluate(() => window.optiscape.theme('projector'));
  assert.equal(s.theme, 'projector');
  await page.waitForFunction(() => window.optiscape.state().theme === 'projector', null, { timeout: 30000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = decodePng(await page.screenshot());
  // the panels' paper turns white: the top-left corner's pixel changes from (250, 249, 246)
  const at = (img, x, y) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3)];
  assert.deepEqual(at(before, 2, 2), [250, 249, 246]);
  assert.deepEqual(at(after, 2, 2), [255, 255, 255]);
  await assert.rejects(page.evaluate(() => window.optiscape.theme('neon')), /theme takes projector or default/);
  assert.deepEqual(errors, []);
});
