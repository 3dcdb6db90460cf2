// The desktop app under Xvfb: it starts, plays 120 frames, writes a screenshot, and the
// screenshot shows the app (many colours, real contrast), not a blank or flat window.
// The centre of the window (the map, or the 3D surface) must not be blank either.
// Usage: node desktop_screenshot.js PATH/TO/optiscape-desktop OUT.png [APP ARGS...]
//   e.g. ... OUT.png --command "view 3d"
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { decodePng, imageStats } = require('../support/png.js');

const [app, out, ...extra] = process.argv.slice(2);
fs.rmSync(out, { force: true });
const r = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x800x24', app, '--width', '1280', '--height', '800',
  '--scale', '1', '--play', '--frames', '120', '--screenshot', out, ...extra], { encoding: 'utf8', timeout: 300000 });
process.stdout.write(r.stdout || '');
process.stderr.write(r.stderr || '');
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
  if (!ok) failures++;
}
check(r.status === 0, `the app exits with status 0 (got ${r.status}${r.error ? ', ' + r.error.message : ''})`);
check(fs.existsSync(out), `it writes ${out}`);
if (fs.existsSync(out)) {
  const img = decodePng(fs.readFileSync(out));
  check(img.width === 1280 && img.height === 800, `the screenshot is 1280x800 (got ${img.width}x${img.height})`);
  const s = imageStats(img);
  check(s.colours > 300, `the screenshot has many colours (heatmap, runs, text): ${s.colours}`);
  check(s.stddev > 10, `the screenshot has contrast: luminance stddev ${s.stddev.toFixed(1)}`);
  const w = img.width >> 2, h = img.height >> 2;  // the centre half of the window
  const centre = { width: 2 * w, height: 2 * h, data: Buffer.alloc(4 * w * h * 4) };
  for (let y = 0; y < 2 * h; y++)
    img.data.copy(centre.data, y * 2 * w * 4, ((y + h) * img.width + w) * 4, ((y + h) * img.width + 3 * w) * 4);
  const c = imageStats(centre);
  check(c.colours > 100 && c.stddev > 5, `the centre is drawn: ${c.colours} colours, stddev ${c.stddev.toFixed(1)}`);
}
process.exit(failures ? 1 : 0);
