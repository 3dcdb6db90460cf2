// Sharing and embedding in headless Chromium: the URL hash carries the scenario and link()
// round-trips it; a broken link opens the default scenario with a notice; the embed page and
// the one-file standalone build (opened from file://) load and run.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { useBrowser, openApp, screenshot, ROOT } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);

const settings = (s) => ({ landscape: s.landscape, runs: s.runs.map((r) => ({ optimizer: r.optimizer, hyper: r.hyper, start: r.start, visible: r.visible })) });

test('link() round-trips the scenario through a new page', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const ignored = await page.evaluate(() => window.optiscape.load({
    landscape: { name: 'two-layer-linear', params: { lambda: 0.25 } },
    runs: [{ optimizer: 'nesterov', hyper: { lr: 0.037, momentum: 0.8 }, start: [-0.3, 1.7] },
      { optimizer: 'adam', hyper: { lr: 0.02, beta1: 0.85 }, start: [0.123456789012345, -1.5], visible: false }],
  }));
  assert.deepEqual(ignored, []);
  const link = await page.evaluate(() => window.optiscape.link());
  assert.ok(link.startsWith(suite.server.url) && link.includes('#'), link);
  const original = settings(await page.evaluate(() => window.optiscape.state()));
  const second = await openApp(suite.browser, link);
  const restored = settings(await second.page.evaluate(() => window.optiscape.state()));
  assert.deepEqual(restored, original);
  assert.deepEqual(errors, []);
  assert.deepEqual(second.errors, []);
  await second.context.close();
  await context.close();
});

test('the hash follows changes made in the page', async () => {
  const { page, context } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.load({ runs: [{ optimizer: 'gd', hyper: { lr: 0.005 } }] }));
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('0.005'), null, { timeout: 30000 });
  await context.close();
});

test('a broken link opens the default scenario and says what was ignored', async () => {
  for (const hash of ['#%7B%22runs%22%3A%5B1%2C', '#not-json-at-all', '#' + encodeURIComponent('{"landscape": {"name": "nope"}, "runs": [{"optimizer": "gd", "hyper": {"lr": -1}}]}')]) {
    const { page, context, errors } = await openApp(suite.browser, suite.server.url + hash);
    const s = await page.evaluate(() => window.optiscape.state());
    assert.equal(s.landscape.name, 'yarotsky', hash);
    assert.ok(s.runs.length >= 1 && s.runs.every((r) => r.hyper.lr > 0), hash);
    assert.match(s.notice, /^Ignored: /, hash);
    assert.deepEqual(errors, [], hash);
    await context.close();
  }
});

test('the embed page shows the map and a control strip, and plays', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url + 'embed.html', { width: 640, height: 420 });
  await page.evaluate(() => window.optiscape.play());
  await page.waitForFunction(() => window.optiscape.state().runs.every((r) => r.step >= 10), null, { timeout: 60000 });
  const img = decodePng(await screenshot(page, 'embed-640x420.png'));
  assert.ok(imageStats(img).colours > 200);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the standalone file opens from file:// and runs', async () => {
  const file = pathToFileURL(path.join(ROOT, 'dist', 'optiscape-standalone.html')).href;
  const { page, context, errors } = await openApp(suite.browser, file);
  const s = await page.evaluate(() => window.optiscape.step(20));
  assert.ok(s.runs.every((r) => r.step === 20));
  const img = decodePng(await screenshot(page, 'standalone.png'));
  assert.ok(imageStats(img).colours > 300);
  assert.deepEqual(errors, []);
  await context.close();
});
