// The basin map on the page's Web Workers against the main thread alone (headless Chromium,
// 1920×1080 so the grid is 256×256 starts; Rosenbrock, heavy ball μ = 0.9, γ = 1e-4, 1000 steps
// as bench_basins), and the main thread's frame intervals meanwhile (requestAnimationFrame):
//   cold   the first map of a page: the workers start (load and compile the wasm) first
//   warm   the next map, workers running: the wall time from the layer switched on to the last band
//   main   workers(false): the main thread alone, a slice per frame (kernel time, and wall time)
// Frame intervals (p50/p95, ms) while a run plays with nothing else computing (the page drawing
// every frame: the reference), while the warm map computes on workers, and while it computes on
// the main thread. Median of `runs` fresh pages (default 3). Printed by scripts/bench.
'use strict';
const path = require('node:path');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

const runs = Number(process.argv[2] || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

async function frames(page, during) {
  // rAF intervals from now until `during` resolves
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    window.__framing = true;
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__framing) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => { window.__framing = false; return window.__frames.slice(1); });
}

async function map(page, start) {
  const t0 = Date.now();
  const f = await frames(page, async () => {
    await page.evaluate(start);
    await page.waitForFunction(() => window.optiscape.state().layers.basins.progress === 1, null, { timeout: 600000, polling: 20 });
  });
  const wall = Date.now() - t0;
  const b = (await page.evaluate(() => window.optiscape.state())).layers.basins;
  return { wall, ms: b.ms, workers: b.workers, hash: b.hash, frames: f };
}

(async () => {
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const { page, context } = await openApp(browser, server.url, { width: 1920, height: 1080 });
    await page.evaluate(() => window.optiscape.load({
      landscape: { name: 'rosenbrock' },
      runs: [{ optimizer: 'momentum', hyper: { lr: 1e-4, momentum: 0.9 }, start: [-1.2, 1] }],
    }));
    const playing = await frames(page, async () => {
      await page.evaluate(() => window.optiscape.play());
      await new Promise((r) => setTimeout(r, 3000));
      await page.evaluate(() => { window.optiscape.pause(); window.optiscape.reset(); });
    });
    const cold = await map(page, () => window.optiscape.layer('basins', true));
    const stats = await page.evaluate(() => Module.optiscapeJobs.stats());
    const before = await page.evaluate(() => ({ ...Module.optiscapeJobs.stats() }));
    const warm = await map(page, () => window.optiscape.workers(true));  // the same map again
    const after = await page.evaluate(() => ({ ...Module.optiscapeJobs.stats() }));
    warm.workMs = after.workMs - before.workMs;
    warm.jobs = after.jobs - before.jobs;
    const main = await map(page, () => window.optiscape.workers(false));
    if (main.hash !== warm.hash) throw new Error(`maps differ: ${main.hash} vs ${warm.hash}`);
    rows.push({ cold, warm, main, playing: { frames: playing }, ready: stats.readyMs, workers: warm.workers });
    await context.close();
  }
  const m = (f) => median(rows.map(f));
  const p95 = (k) => m((r) => quantile(r[k].frames, 0.95));
  const p50 = (k) => m((r) => quantile(r[k].frames, 0.5));
  console.log(`basins in the page, 256x256 x 1000 heavy-ball steps on rosenbrock (median of ${runs}):`);
  console.log(`  workers: ${rows[0].workers}; first worker ready ${m((r) => r.ready).toFixed(0)} ms after the first job`);
  console.log(`  cold (workers start): ${m((r) => r.cold.wall).toFixed(0)} ms wall; warm: ${m((r) => r.warm.wall).toFixed(0)} ms wall (${m((r) => r.warm.ms).toFixed(0)} ms reported)`);
  console.log(`  warm map: ${m((r) => r.warm.jobs)} bands, ${m((r) => r.warm.workMs).toFixed(0)} ms inside them over all workers`);
  console.log(`  main thread alone: ${m((r) => r.main.ms).toFixed(0)} ms in the kernel, ${m((r) => r.main.wall).toFixed(0)} ms wall`);
  console.log(`  speed-up workers/main thread (wall): ${(m((r) => r.main.wall) / m((r) => r.warm.wall)).toFixed(2)}x`);
  console.log(`  frame intervals p50/p95 ms: playing ${p50('playing').toFixed(1)}/${p95('playing').toFixed(1)}, ` +
    `map on workers ${p50('warm').toFixed(1)}/${p95('warm').toFixed(1)}, on the main thread ${p50('main').toFixed(1)}/${p95('main').toFixed(1)}`);
  console.log(`  p95 ratio to playing: workers ${(p95('warm') / p95('playing')).toFixed(2)}, main thread ${(p95('main') / p95('playing')).toFixed(2)}`);
  console.log(`bench basins-page workers=${rows[0].workers} warm_ms=${m((r) => r.warm.wall)} main_ms=${m((r) => r.main.wall)} p95_workers=${p95('warm').toFixed(1)} p95_playing=${p95('playing').toFixed(1)}`);
  await browser.close();
  server.close();
})().catch((e) => { console.error(e); process.exit(1); });
