// CPU time of an idle page over 10 s in headless Chromium (SwiftShader WebGL 2), 1280 × 800:
// the default scenario opened, nothing played, no input. Reports the renderer's main-thread
// task time (CDP Performance.getMetrics TaskDuration) and the CPU time of every Chromium
// process (/proc, user + system: includes the GPU process that rasterises with SwiftShader),
// and the frames drawn meanwhile. Printed by scripts/bench.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

const TICK = 100;  // clock ticks per second of /proc/*/stat (getconf CLK_TCK on Linux)
const SECONDS = 10;

/** Sum of utime + stime (s) of every process whose command line names chromium. */
function chromiumCpu() {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/chrom/.test(cmd)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);  // utime, stime (fields 14, 15)
    } catch { /* the process ended */ }
  }
  return ticks / TICK;
}

(async () => {
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  const url = server.url + (process.argv[2] || '');
  const { page, context } = await openApp(browser, url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const drawn = () => page.evaluate(() => window.optiscape.state().frames || 0);
  await page.waitForTimeout(3000);  // let the first second's work (map, layers) settle
  const metric = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const t0 = await metric(), c0 = chromiumCpu(), f0 = await drawn();
  await page.waitForTimeout(SECONDS * 1000);
  const t1 = await metric(), c1 = chromiumCpu(), f1 = await drawn();
  console.log(`idle page over ${SECONDS} s: renderer main thread ${(1000 * (t1 - t0)).toFixed(0)} ms, ` +
    `all Chromium processes ${(1000 * (c1 - c0)).toFixed(0)} ms CPU, frames drawn ${f1 - f0}`);
  await context.close();
  await browser.close();
  await server.close();
})().catch((e) => { console.error(e); process.exit(1); });
