// Issue 17 §5 in the page (headless Chromium, the page's wasm): a slice of a 2-16-16-1 tanh net on
// 1000 points (spiral, as bench_nets) through weights trained for 300 Adam steps — the map's grid
// computed by the page's Web Workers (without them, in place, a few cells per frame) — and the
// Hessian's top eigenvalue (Lanczos), timed as the extra cost of a training step that also
// measures the sharpness. Prints the time the page reports (state().slice.grid.ms: on workers the
// wall time, in place the compute time; scaled to 51 × 51 cells), the wall time to the finished
// map, the main thread's longest part of a frame, and the λmax time. Median of three page loads.
// Printed by scripts/bench.
'use strict';
const path = require('node:path');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

const net = (every) => ({
  mode: 'network',
  network: { dataset: 'spiral', n: 1000, noise: 0.1, arch: '2-16-16-1', activation: 'tanh', loss: 'bce',
             init: 'xavier', seed: 1, testFraction: 0, sharpnessEvery: every },
  runs: [{ optimizer: 'adam', hyper: { lr: 0.03 } }],
});

/** ms of `n` training steps in the page (measured inside it). */
const timedSteps = (page, n) => page.evaluate((k) => {
  const t0 = performance.now();
  window.optiscape.step(k);
  return performance.now() - t0;
}, n);

(async () => {
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  const results = [];
  for (let i = 0; i < 3; i++) {
    const { page, context } = await openApp(browser, server.url);
    let ignored = await page.evaluate((sc) => window.optiscape.load(sc), net(0));
    if (ignored.length) throw new Error(`scenario not loaded: ${JSON.stringify(ignored)}`);
    await page.evaluate(() => window.optiscape.step(300));
    const t0 = Date.now();
    await page.evaluate(() => window.optiscape.command('slice open random filter seed 1'));
    await page.waitForFunction(() => window.optiscape.state().slice.grid.progress === 1, null,
      { timeout: 300000, polling: 50 });
    const wall = Date.now() - t0;
    const g = (await page.evaluate(() => window.optiscape.state())).slice.grid;
    await page.evaluate(() => window.optiscape.command('slice close'));
    // λmax: 20 steps measuring it at every step, against 20 plain steps (the same weights' neighbourhood)
    const plain = await timedSteps(page, 20);
    ignored = await page.evaluate((sc) => window.optiscape.load(sc), net(1));
    if (ignored.length) throw new Error(`scenario not loaded: ${JSON.stringify(ignored)}`);
    await page.evaluate(() => window.optiscape.step(300));
    const withSharpness = await timedSteps(page, 20);
    const lambda = (await page.evaluate(() => window.optiscape.state())).network.sharpness;
    results.push({ per51: g.ms * 2601 / (g.cols * g.rows), g, wall, eig: (withSharpness - plain) / 20, lambda });
    await context.close();
  }
  await browser.close();
  await server.close();
  results.sort((a, b) => a.per51 - b.per51);
  const m = results[1];
  const eig = results.map((r) => r.eig).sort((a, b) => a - b)[1];
  const where = m.g.workers > 0 ? `on ${m.g.workers} workers in ${m.g.ms.toFixed(0)} ms (wall)` : `in place in ${m.g.ms.toFixed(0)} ms of compute`;
  console.log(`slice in the page (2-16-16-1, 1000 points): the map's ${m.g.cols}x${m.g.rows} grid ${where} ` +
    `over ${m.g.frames} frames (the main thread's longest part of one ${m.g.maxFrameMs.toFixed(1)} ms, ${m.g.slowFrames} over 20 ms), ` +
    `${m.per51.toFixed(0)} ms per 51x51 cells (median of 3; budget 1000 ms), wall ${m.wall} ms to the finished map; ` +
    `top eigenvalue (${m.lambda ? m.lambda[1].toFixed(3) : '?'}) ${eig.toFixed(1)} ms (budget 50 ms)`);
  console.log(`bench slice_page ms_51x51=${m.per51.toFixed(3)} grid=${m.g.cols}x${m.g.rows} wall_ms=${m.wall} ` +
    `max_frame_ms=${m.g.maxFrameMs.toFixed(2)} lambda_max_ms=${eig.toFixed(3)}`);
})().catch((e) => { console.error(e); process.exit(1); });
