// Issue 18 §5: Safran & Shamir's whole table (k = n = 6 … 12, (8, 9), (10, 11); 200 runs a row)
// timed natively (the CLI, `optiscape spurious`, one process per row, one core) and in the page
// (headless Chromium): on its Web Workers and on the main thread alone. Prints each row's fraction
// beside the lecture's, and the wall times with their ratios. Printed by scripts/bench.
'use strict';
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

const RUNS = Number(process.env.OPTISCAPE_TABLE_RUNS || 200);
const ROWS = [[6, 6], [7, 7], [8, 8], [9, 9], [10, 10], [11, 11], [12, 12], [8, 9], [10, 11]];

/** Seconds of wall time for the page's table, on workers or on the main thread. */
async function pageTable(browser, url, workers) {
  const { page, context } = await openApp(browser, url);
  await page.evaluate((on) => window.optiscape.workers(on), workers);
  await page.evaluate(() => window.optiscape.theory('spurious'));
  const t0 = Date.now();
  await page.evaluate((r) => window.optiscape.theory('runs ' + r), RUNS);
  await page.waitForFunction(() => window.optiscape.state().theory.done, null, { timeout: 900000, polling: 100 });
  const wall = (Date.now() - t0) / 1000;
  const t = (await page.evaluate(() => window.optiscape.state())).theory;
  await context.close();
  return { wall, t };
}

(async () => {
  const cli = path.join(ROOT, 'build/native-lto/optiscape');
  let native = 0;
  const nativeRows = [];
  for (const [k, n] of ROWS) {
    const t0 = process.hrtime.bigint();
    const out = JSON.parse(execFileSync(cli, ['spurious', '--k', String(k), '--n', String(n), '--runs', String(RUNS)]).toString());
    native += Number(process.hrtime.bigint() - t0) / 1e9;
    nativeRows.push(out);
  }
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  const onWorkers = await pageTable(browser, server.url, true);
  const alone = await pageTable(browser, server.url, false);
  await browser.close();
  await server.close();
  for (let i = 0; i < ROWS.length; i++) {
    const r = onWorkers.t.rows[i];
    const lecture = r.lecture ? r.lecture.percent.toFixed(1) : '-';
    console.log(`(${r.k}, ${r.n}): ${(100 * r.fraction).toFixed(1)} % ± ${(100 * r.stderr).toFixed(1)} (lecture ${lecture} %), ` +
                `native CLI ${(100 * nativeRows[i].fraction).toFixed(1)} %`);
  }
  console.log(`spurious table, ${RUNS} runs a row: native ${native.toFixed(1)} s (one core), page on ${onWorkers.t.workers} ` +
              `workers ${onWorkers.wall.toFixed(1)} s, page main thread ${alone.wall.toFixed(1)} s; ` +
              `workers/main thread ${(onWorkers.wall / alone.wall).toFixed(2)}, page (workers)/native ${(onWorkers.wall / native).toFixed(2)}`);
})().catch((e) => { console.error(e); process.exit(1); });
