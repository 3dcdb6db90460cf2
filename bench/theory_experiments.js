// Issue 16 §3: the theory page's Monte Carlo and many-start experiments at their default settings
// — Theorem 9 over depth (the linear net's draws and the tanh and ReLU nets'), the landscape kinds
// A–D (100 starts each), the tanh plateau (27 runs) — timed in the page (headless Chromium) on its
// Web Workers and on the main thread alone (a slice per frame), with the ratio, and the frame
// intervals (requestAnimationFrame) meanwhile. Printed by scripts/bench.
'use strict';
const path = require('node:path');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN; };

/** Wall ms of one experiment from its start to done, its compute seconds, and the frame intervals. */
async function time(browser, url, experiment, workers) {
  const { page, context } = await openApp(browser, url);
  await page.evaluate((on) => window.optiscape.workers(on), workers);
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.evaluate((e) => window.optiscape.theory(e), experiment);
  await page.waitForFunction(() => window.optiscape.state().theory.done, null, { timeout: 900000, polling: 50 });
  const wall = Date.now() - t0;
  const t = (await page.evaluate(() => window.optiscape.state())).theory;
  const frames = (await page.evaluate(() => window.__frames)).slice(2);
  await context.close();
  return { wall, seconds: t.seconds, workers: t.workers, p50: quantile(frames, 0.5), p95: quantile(frames, 0.95) };
}

(async () => {
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  console.log('theory experiments in the page (defaults): wall ms on workers | on the main thread | workers/main thread; frame p50/p95 ms');
  for (const e of ['gradients', 'kinds', 'plateau']) {
    const w = await time(browser, server.url, e, true);
    const m = await time(browser, server.url, e, false);
    console.log(`  ${e.padEnd(9)} ${w.workers} workers ${w.wall} ms (compute ${w.seconds.toFixed(2)} s) | main thread ${m.wall} ms ` +
                `(compute ${m.seconds.toFixed(2)} s) | ${(w.wall / m.wall).toFixed(2)}; frames workers ${w.p50.toFixed(1)}/${w.p95.toFixed(1)}, ` +
                `main thread ${m.p50.toFixed(1)}/${m.p95.toFixed(1)}`);
    console.log(`bench theory=${e} workers=${w.workers} workers_ms=${w.wall} main_ms=${m.wall} ratio=${(w.wall / m.wall).toFixed(3)}`);
  }
  await browser.close();
  await server.close();
})().catch((e) => { console.error(e); process.exit(1); });
