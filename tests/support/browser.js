// Launches Debian's Chromium headless through playwright-core (no browser download), with
// SwiftShader WebGL 2, and opens Optiscape pages while recording console errors.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');
const path = require('node:path');
const { serve } = require('./server.js');

const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(ROOT, 'build', 'screenshots');

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens `url` at the viewport size; returns { page, errors } once window.optiscape.ready resolved. */
async function openApp(browser, url, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.optiscape && window.optiscape.ready, null, { timeout: 120000 });
  await page.evaluate(() => window.optiscape.ready);
  return { page, context, errors, readyMs: Date.now() - t0 };
}

/** Saves a screenshot under build/screenshots/ and returns its bytes. */
async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  await page.screenshot({ path: file });
  return fs.readFileSync(file);
}

/**
 * For a test file: serves dist/ (and each of `extra`'s folders, each on its own port, i.e. its own
 * origin) and launches Chromium once, with node:test before/after hooks. Returns an object whose
 * `server`, `browser` and `extra`'s names are filled in before the first test runs.
 */
function useBrowser(test, extra = {}) {
  const suite = {};
  test.before(async () => {
    suite.server = await serve(path.join(ROOT, 'dist'));
    for (const [name, dir] of Object.entries(extra)) suite[name] = await serve(dir);
    suite.browser = await launch();
  });
  test.after(async () => {
    if (suite.browser) await suite.browser.close();
    for (const name of ['server', ...Object.keys(extra)]) if (suite[name]) await suite[name].close();
  });
  return suite;
}

/** window.optiscape.state() of a page. */
const state = (page) => page.evaluate(() => window.optiscape.state());

module.exports = { launch, openApp, screenshot, useBrowser, state, ROOT };
