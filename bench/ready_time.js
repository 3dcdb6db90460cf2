// Time from navigation to window.optiscape.ready in headless Chromium (SwiftShader WebGL 2),
// median of five page loads of dist/. Printed by scripts/bench.
'use strict';
const path = require('node:path');
const { serve } = require('../tests/support/server.js');
const { launch, openApp, ROOT } = require('../tests/support/browser.js');

(async () => {
  const server = await serve(path.join(ROOT, 'dist'));
  const browser = await launch();
  const times = [];
  for (let i = 0; i < 5; i++) {
    const { context, readyMs } = await openApp(browser, server.url);
    times.push(readyMs);
    await context.close();
  }
  await browser.close();
  await server.close();
  times.sort((a, b) => a - b);
  console.log(`navigation to ready: median ${times[2]} ms (min ${times[0]}, max ${times[4]}; issue 16 bar 700 ms)`);
})().catch((e) => { console.error(e); process.exit(1); });
