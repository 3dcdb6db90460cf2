// The basin map in the page itself (headless Chromium, the -O3 kernels of the page's wasm):
// Rosenbrock, heavy ball (μ = 0.9, γ = 1e-4, as bench_basins), the basins layer on at 1920×1080,
// where the map's grid is capped at 256×256 starts. Prints the compute time the page reports
// (state().layers.basins.ms: time inside the kernel, not the frames between slices) and the wall
// time to progress 1. Median of five page loads (the machine is shared). Printed by scripts/bench.
'use strict';
const path = require('node:path');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

(async () => {
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  const results = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await openApp(browser, server.url, { width: 1920, height: 1080 });
    const ignored = await page.evaluate(() => window.optiscape.load({
      landscape: { name: 'rosenbrock' },
      runs: [{ optimizer: 'momentum', hyper: { lr: 1e-4, momentum: 0.9 }, start: [-1.2, 1] }],
    }));
    if (ignored.length) throw new Error(`scenario not loaded: ${JSON.stringify(ignored)}`);
    const t0 = Date.now();
    await page.evaluate(() => window.optiscape.layer('basins', true));
    await page.waitForFunction(() => window.optiscape.state().layers.basins.progress === 1, null,
      { timeout: 300000, polling: 50 });
    const wall = Date.now() - t0;
    const b = (await page.evaluate(() => window.optiscape.state())).layers.basins;
    // the same map again: V8 runs a new page's wasm with its baseline compiler first and
    // optimises hot functions while they run, so the first map includes that warm-up
    await page.evaluate(() => window.optiscape.layer('basins', false));
    await page.evaluate(() => window.optiscape.layer('basins', true));
    await page.waitForFunction(() => window.optiscape.state().layers.basins.progress === 1, null,
      { timeout: 300000, polling: 50 });
    const again = (await page.evaluate(() => window.optiscape.state())).layers.basins.ms;
    results.push({ ms: b.ms, grid: b.grid, steps: b.steps, wall, again });
    await context.close();
  }
  await browser.close();
  await server.close();
  results.sort((a, b) => a.ms - b.ms);
  const m = results[2];
  console.log(`basins in the page (rosenbrock, heavy ball, ${m.grid[0]}x${m.grid[1]} starts x up to 1000 steps, ` +
    `${(m.steps / 1e6).toFixed(1)}M steps taken, ${(m.ms * 1e6 / m.steps).toFixed(2)} ns/step): ` +
    `compute median ${m.ms.toFixed(0)} ms (min ${results[0].ms.toFixed(0)}, max ${results[4].ms.toFixed(0)}; ` +
    `budget 250 ms), the same map again ${m.again.toFixed(0)} ms; wall ${m.wall} ms to the first finished map`);
  console.log(`bench basins_page ms=${m.ms.toFixed(3)} again_ms=${m.again.toFixed(3)} grid=${m.grid[0]}x${m.grid[1]} wall_ms=${m.wall}`);
})().catch((e) => { console.error(e); process.exit(1); });
