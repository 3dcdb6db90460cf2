// Issue 17 in the page: a network's loss seen through windows. A slice (PCA of the trajectory, or
// random filter-normalised directions) opens as a landscape: its centre is the network's loss,
// the trajectory's last point is (0, 0), its map is evaluated by Web Workers (the same to the last
// bit as a few cells per frame in place), the 3D view,
// basins and 2-D runs work on it, and the way back restores the network. The 1-D line and mode
// connectivity (the lesson's two minima: a barrier on the straight line, none on Garipov's curve)
// are computed in the page, and the plane through θA, θB, θC opens as a slice; every run's path is
// drawn on a slice; a shared link reopens the slice; bad requests are refused with a reason.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot, state } = require('../support/browser.js');
const { decodePng, imageStats } = require('../support/png.js');

const suite = useBrowser(test);
const waitFor = (page, fn, arg, timeout = 180000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });
const command = (page, text) => page.evaluate((t) => window.optiscape.command(t), text);
/** Wakes the page (idle, it draws nothing) and waits until it drew a few frames: before a screenshot. */
async function settle(page) {
  const s = await state(page);
  await command(page, `select ${s.selected}`);
  await waitFor(page, (n) => window.optiscape.state().frames >= n, s.frames + 6);
}
const refusal = (page, text) => page.evaluate((t) => {
  try { window.optiscape.command(t); return 'accepted'; } catch (e) { return e.message; }
}, text);

const MOONS = {
  mode: 'network',
  network: { dataset: 'two-moons', n: 200, noise: 0.2, arch: '2-8-8-1', activation: 'tanh', loss: 'bce', init: 'xavier', seed: 1 },
  runs: [{ optimizer: 'adam', hyper: { lr: 0.03 } }],
};

function assertPicture(png, what) {
  const st = imageStats(decodePng(png));
  assert.ok(st.colours > 300, `${what}: ${st.colours} colours`);
  assert.ok(st.stddev > 10, `${what}: contrast ${st.stddev}`);
}

test('a PCA slice and a random filter-normalised slice open as landscapes and close back to the network', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  assert.deepEqual(await page.evaluate((sc) => window.optiscape.load(sc), MOONS), []);
  await page.evaluate(() => window.optiscape.step(300));
  const net = await state(page);
  const loss = net.runs[0].loss;

  const s = await command(page, 'slice open pca');
  assert.equal(s.mode, 'landscape');
  assert.equal(s.landscape.name, 'network-slice');
  assert.equal(s.slice.open, true);
  assert.equal(s.slice.directions, 'pca');
  assert.equal(s.slice.step, 300);
  const [e1, e2] = s.slice.explained;
  assert.ok(e1 >= e2 && e2 > 0 && e1 + e2 <= 1 + 1e-12, `explained ${e1} ${e2}`);
  assert.ok(Math.abs(s.slice.centerLoss - loss) <= 1e-12 * loss, `L at (0, 0) ${s.slice.centerLoss} vs the network's ${loss}`);
  assert.ok(Math.hypot(...s.slice.path.last) < 1e-9, `the trajectory ends at ${s.slice.path.last}`);
  assert.deepEqual(s.slice.path.steps, [0, 300]);
  assert.ok(s.slice.path.first[0] <= 0, 'the first point has a coordinate ≤ 0 along d₁');
  await waitFor(page, () => window.optiscape.state().slice.grid.progress === 1);
  const done = await state(page);
  const g = done.slice.grid;
  console.log(`# PCA slice (explained ${(100 * e1).toFixed(1)} %, ${(100 * e2).toFixed(1)} %): map ${g.cols} × ${g.rows} on ${g.workers} workers in ${g.ms.toFixed(0)} ms (wall) over ${g.frames} frames (the main thread's longest part of a frame ${g.maxFrameMs.toFixed(1)} ms, ${g.slowFrames} over 20 ms)`);
  assert.ok(done.slice.grid.cols >= 50 && done.slice.grid.rows >= 50);
  assert.ok(g.hash > 0);
  // on workers the main thread only copies their rows; in place, 12 ms of cells a frame. A loaded
  // machine stretches some frames (the time is wall-clock: 2 shared cores).
  assert.ok(g.workers >= 1 && g.workers <= 4, `${g.workers} workers`);
  assert.ok(g.frames >= 1, 'computed across frames');
  assert.ok(g.slowFrames <= 0.25 * g.frames, `${g.slowFrames} of ${g.frames} frames over 20 ms`);
  assertPicture(await screenshot(page, 'web-slice-pca.png'), 'PCA slice');

  // the landscape's tools work on it: 2-D runs, the 3D view, basins
  await page.evaluate(() => window.optiscape.step(20));
  const stepped = await state(page);
  assert.equal(stepped.runs[0].step, 20);
  assert.ok(stepped.runs[0].w.every(Number.isFinite));
  await page.evaluate(() => window.optiscape.view('split'));
  await waitFor(page, () => window.optiscape.state().idle === true);
  assertPicture(await screenshot(page, 'web-slice-split.png'), 'slice in 3D');
  await page.evaluate(() => window.optiscape.view('map'));
  await page.evaluate(() => window.optiscape.layer('basins', true));
  await waitFor(page, () => window.optiscape.state().layers.basins.progress > 0.05);
  assert.ok((await state(page)).layers.basins.workers >= 1, 'the slice\'s basin map is computed by workers');
  await page.evaluate(() => window.optiscape.layer('basins', false));

  const back = await command(page, 'slice close');
  assert.equal(back.mode, 'network');
  assert.equal(back.slice.open, false);
  assert.equal(back.network.step, 300);
  assert.equal(back.runs[0].loss, loss);

  const r = await command(page, 'slice open random filter seed 2');
  assert.equal(r.slice.directions, 'random');
  assert.equal(r.slice.normalize, 'filter');
  assert.equal(r.slice.explained, null);
  assert.ok(Math.abs(r.slice.centerLoss - loss) <= 1e-12 * loss);
  assert.ok(r.slice.box[0] <= -1 && r.slice.box[1] >= 1, `box ${r.slice.box}`);
  await waitFor(page, () => window.optiscape.state().slice.grid.progress === 1);
  await settle(page);
  assertPicture(await screenshot(page, 'web-slice-random.png'), 'random slice');
  const onWorkers = (await state(page)).slice.grid;
  assert.equal((await command(page, 'slice close')).mode, 'network');

  // the same slice computed in place, a few cells per frame, is the workers' to the last bit
  await page.evaluate(() => window.optiscape.workers(false));
  await command(page, 'slice open random filter seed 2');
  await waitFor(page, () => window.optiscape.state().slice.grid.progress === 1);
  const inPlace = (await state(page)).slice.grid;
  console.log(`# random slice ${inPlace.cols} × ${inPlace.rows}: ${onWorkers.ms.toFixed(0)} ms on ${onWorkers.workers} workers (wall), ${inPlace.ms.toFixed(0)} ms of compute in place over ${inPlace.frames} frames`);
  assert.equal(inPlace.workers, 0);
  assert.equal(inPlace.hash, onWorkers.hash);
  assert.ok(inPlace.frames > 10, 'computed across frames');
  assert.ok(inPlace.ms / inPlace.frames < 20, `${(inPlace.ms / inPlace.frames).toFixed(1)} ms a frame on average`);
  assert.ok(inPlace.slowFrames <= 0.25 * inPlace.frames, `${inPlace.slowFrames} of ${inPlace.frames} frames over 20 ms`);
  await page.evaluate(() => window.optiscape.workers(true));
  assert.equal((await command(page, 'slice close')).mode, 'network');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the line from init to now, and two minima joined by Garipov\'s curve (the lesson\'s numbers)', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  await page.evaluate(() => window.optiscape.lesson('two-minima-one-valley', 0));
  await page.evaluate(() => window.optiscape.step(800));
  const a = await state(page);
  const l = await command(page, 'line -0.5 1.5');
  assert.deepEqual(l.line.range, [-0.5, 1.5]);
  assert.equal(l.line.points, 81);
  assert.ok(l.line.max >= l.line.first && Number.isFinite(l.line.last));
  const c0 = await command(page, 'connect seed 2');
  assert.equal(c0.connect.method, 'bezier');
  assert.equal(c0.connect.step, 800);
  assert.notEqual(c0.connect.stage, 'done', 'computed across frames, not at once');
  const frames0 = c0.frames;
  await waitFor(page, () => window.optiscape.state().connect.stage === 'done');
  const c = await state(page);
  console.log(`# connect: L(A) ${c.connect.lossA.toExponential(2)}, L(B) ${c.connect.lossB.toExponential(2)}, barrier line ${c.connect.lineBarrier.toFixed(3)}, curve ${c.connect.curveBarrier.toExponential(2)}; ${c.connect.ms.toFixed(0)} ms over ${c.frames - frames0} frames`);
  assert.equal(c.connect.error, '');
  assert.equal(c.connect.lossA, a.runs[0].loss);
  assert.ok(c.frames - frames0 > 10, 'frames kept coming while it computed');
  assert.ok(Math.abs(c.connect.lineBarrier - 1.07) < 0.03, `line barrier ${c.connect.lineBarrier}`);
  assert.ok(c.connect.curveBarrier < 0.001, `curve barrier ${c.connect.curveBarrier}`);
  await settle(page);
  assertPicture(await screenshot(page, 'web-connect.png'), 'connect tab');
  // Garipov's figure: the plane through θA, θB, θC, the losses there those of the three networks
  const pl = await command(page, 'slice open connect');
  assert.equal(pl.slice.directions, 'connect');
  assert.equal(pl.slice.step, 800);
  const [A, B, C] = pl.slice.marks;
  assert.deepEqual([A.name, B.name, C.name], ['A', 'B', 'C']);
  assert.deepEqual(A.at, [0, 0]);
  assert.ok(B.at[1] === 0 && B.at[0] > 0 && C.at[1] > 0, `θB at ${B.at}, θC at ${C.at}`);
  assert.ok(Math.abs(A.loss - c.connect.lossA) <= 1e-9 * c.connect.lossA, `L(θA) ${A.loss} vs ${c.connect.lossA}`);
  assert.ok(Math.abs(B.loss - c.connect.lossB) <= 1e-9 * c.connect.lossB, `L(θB) ${B.loss} vs ${c.connect.lossB}`);
  assert.deepEqual(pl.slice.curve.first, A.at);
  assert.ok(Math.hypot(pl.slice.curve.last[0] - B.at[0], pl.slice.curve.last[1] - B.at[1]) <= 1e-9 * B.at[0]);
  assert.equal(pl.slice.paths.length, 1);
  await waitFor(page, () => window.optiscape.state().slice.grid.progress === 1);
  await settle(page);
  assertPicture(await screenshot(page, 'web-slice-connect-plane.png'), 'the plane through θA, θB, θC');
  // a shared link reopens it: the runs retrained, the connection recomputed, the same plane
  const link = await page.evaluate(() => window.optiscape.link());
  assert.match(decodeURIComponent(link), /"window": \{"kind": "slice", "run": 0, "step": 800, "directions": "connect", "seedB": 2, "bendSteps": 1000\}/);
  const second = await openApp(suite.browser, link);
  await waitFor(second.page, () => window.optiscape.state().slice.open === true);
  const re = await state(second.page);
  assert.equal(re.slice.directions, 'connect');
  assert.deepEqual(re.slice.marks, pl.slice.marks);
  assert.deepEqual(second.errors, []);
  await second.context.close();
  assert.equal((await command(page, 'slice close')).mode, 'network');
  await command(page, 'line');  // back to [0, 1]; the Line tab shows it
  await settle(page);
  assertPicture(await screenshot(page, 'web-line.png'), 'line tab');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every run\'s path is drawn on the slice, and a shared link reopens the slice', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const two = { ...MOONS, runs: [{ optimizer: 'adam', hyper: { lr: 0.03 } }, { optimizer: 'momentum', hyper: { lr: 0.1, momentum: 0.9 } }] };
  assert.deepEqual(await page.evaluate((sc) => window.optiscape.load(sc), two), []);
  await page.evaluate(() => window.optiscape.step(300));
  const net = await state(page);
  const s = await command(page, 'slice open pca');
  assert.equal(s.slice.paths.length, 2);
  const [p0, p1] = s.slice.paths;
  assert.deepEqual([p0.run, p1.run], [0, 1]);
  assert.ok(p0.points > 100 && p1.points === p0.points, `${p0.points} and ${p1.points} saved weights`);
  assert.ok(Math.hypot(...p0.last) < 1e-9, 'the slice\'s own run ends at θ₀');
  assert.ok(Math.hypot(p1.last[0] - p0.last[0], p1.last[1] - p0.last[1]) > 1e-3, `run 2 ends at ${p1.last}`);
  // the loss where run 2's weights project is no lower than its own (the plane misses the rest of it)
  assert.ok(Math.abs(p0.lastLoss - net.runs[0].loss) <= 1e-12 * net.runs[0].loss);
  await waitFor(page, () => window.optiscape.state().slice.grid.progress === 1);
  await settle(page);
  assertPicture(await screenshot(page, 'web-slice-all-paths.png'), 'every run\'s path on the slice');
  // the link reopens the same slice in a new page
  const link = await page.evaluate(() => window.optiscape.link());
  assert.match(decodeURIComponent(link), /"window": \{"kind": "slice", "run": 0, "step": 300, "directions": "pca"\}/);
  const second = await openApp(suite.browser, link);
  await waitFor(second.page, () => window.optiscape.state().slice.open === true);
  const re = await state(second.page);
  assert.equal(re.slice.directions, 'pca');
  assert.equal(re.slice.step, 300);
  assert.deepEqual(re.slice.explained, s.slice.explained);
  assert.equal(re.slice.centerLoss, s.slice.centerLoss);
  assert.deepEqual(re.slice.paths, s.slice.paths);
  assert.deepEqual(second.errors, []);
  await second.context.close();
  // a malformed window is ignored with a message; the network opens
  const ignored = await page.evaluate((sc) => window.optiscape.load(sc), { ...two, window: { kind: 'slice', step: -3 } });
  assert.equal(ignored.length, 1);
  assert.match(ignored[0], /^window\.step: expected a whole number in \[0, 20000\].*no window opened/);
  const after = await state(page);
  assert.equal(after.mode, 'network');
  assert.equal(after.slice.open, false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('slices, lines and connections refuse what they cannot do, with a reason', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  assert.match(await refusal(page, 'slice open'), /through a network/);
  assert.match(await refusal(page, 'line'), /network mode/);
  await page.evaluate((sc) => window.optiscape.load(sc), MOONS);
  assert.match(await refusal(page, 'slice open pca'), /PCA needs the run's trajectory/);
  assert.match(await refusal(page, 'connect'), /train the selected run first/);
  assert.match(await refusal(page, 'slice open sideways'), /unknown word 'sideways'/);
  assert.match(await refusal(page, 'line 1 0'), /tmin < tmax/);
  await page.evaluate(() => window.optiscape.step(5));
  assert.match(await refusal(page, 'connect seed 1'), /another seed/);
  const s = await state(page);
  assert.equal(s.mode, 'network');
  assert.equal(s.slice.open, false);
  assert.deepEqual(errors, []);
  await context.close();
});
