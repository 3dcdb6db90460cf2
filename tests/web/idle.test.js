// The idle page draws nothing (issue 16): once the default scenario has settled, no frame is
// drawn until something happens; the mouse, a key, the API and a playing run each bring frames
// back, and the page falls asleep again afterwards. The map stays on screen while it sleeps.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot, state } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);
const waitFor = (page, fn, arg, timeout = 120000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });
const frames = (page) => page.evaluate(() => window.optiscape.state().frames);
const asleep = (page) => waitFor(page, () => window.optiscape.state().idle === true);
// Waits until `n` more requestAnimationFrame callbacks have run (the browser's own clock).
const browserFrames = (page, n) => page.evaluate((k) => new Promise((done) => {
  const tick = () => (--k <= 0 ? done() : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
}), n);

test('an idle page stops drawing and wakes on input, on the API and while a run plays', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await asleep(page);
  const f0 = await frames(page);
  await browserFrames(page, 30);  // the browser keeps its own frames going meanwhile
  assert.equal(await frames(page), f0, 'an idle page drew frames');
  assert.equal((await state(page)).idle, true);
  const img = decodePng(await screenshot(page, 'web-idle.png'));
  assert.ok(imageStats(img).colours > 300, 'the sleeping page still shows the map');

  // the mouse moving over the map wakes it
  await page.mouse.move(700, 400);
  await page.mouse.move(720, 410);
  await waitFor(page, (f) => window.optiscape.state().frames > f, f0);
  await asleep(page);

  // a key
  const f1 = await frames(page);
  await page.keyboard.press('Shift');
  await waitFor(page, (f) => window.optiscape.state().frames > f, f1);
  await asleep(page);

  // the API: a run plays, frames come while it moves, and it sleeps once paused
  const f2 = await frames(page);
  const step0 = (await state(page)).runs[0].step;
  await page.evaluate(() => window.optiscape.play());
  await waitFor(page, (s) => window.optiscape.state().runs[0].step > s + 20, step0);
  assert.equal((await state(page)).idle, false);
  assert.ok(await frames(page) > f2 + 5);
  await page.evaluate(() => window.optiscape.pause());
  await asleep(page);
  const f3 = await frames(page);
  await browserFrames(page, 30);
  assert.equal(await frames(page), f3, 'a paused page drew frames');
  assert.deepEqual(errors, []);
  await context.close();
});
