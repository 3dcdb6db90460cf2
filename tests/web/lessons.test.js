// Every lesson opens and runs to its end in the page without errors: for each step, pick an
// answer, run (watched, or skipped to its end), wait for the reveal; the step is marked done and
// the next one opens. A skipped step ends where the watched one does.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { useBrowser, openApp, screenshot } = require('../support/browser.js');

const suite = useBrowser(test);

test('lessons() lists at least five lessons with ids and titles', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const lessons = await page.evaluate(() => window.optiscape.lessons());
  assert.ok(lessons.length >= 5);
  for (const l of lessons) {
    assert.match(l.id, /^[a-z0-9-]+$/);
    assert.ok(l.title.length > 5 && l.steps >= 1);
  }
  const bad = await page.evaluate(() => { try { window.optiscape.runLesson(); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad, /no lesson is open/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every lesson step opens, runs to its end and reveals its answer', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const lessons = await page.evaluate(() => window.optiscape.lessons());
  for (const l of lessons) {
    for (let k = 0; k < l.steps; k++) {
      const s = await page.evaluate(([id, step]) => window.optiscape.lesson(id, step), [l.id, k]);
      assert.equal(s.lesson.id, l.id);
      assert.equal(s.lesson.step, k);
      assert.equal(s.notice, '', `${l.id} step ${k}: ${s.notice}`);
      // Two steps (a landscape's and a network's) are watched as they play; the others are
      // skipped to their end (runLesson(true), the panel's "Skip to the end": the same steps at
      // once, so the same end — the next test checks it), which keeps the suite short. The
      // theory lessons' experiments compute on the workers either way.
      const watch = (l.id === 'step-limit' || l.id === 'decision-regions') && k === 0;
      const before = await page.evaluate((now) => { try { window.optiscape.runLesson(now); return 'ran'; } catch (e) { return e.message; } }, !watch);
      if (before !== 'ran') {
        assert.match(before, /pick an answer first/);
        await page.evaluate(() => window.optiscape.answer(0));
        await page.evaluate((now) => window.optiscape.runLesson(now), !watch);
      }
      await page.waitForFunction(() => window.optiscape.state().lesson.ran === true, null, { timeout: 90000, polling: 100 });
      const after = await page.evaluate(() => window.optiscape.state());
      assert.equal(after.running, false);
      for (const r of after.runs) assert.ok(Number.isFinite(r.loss), `${l.id} step ${k}: a run's loss is ${r.loss}`);
      if (after.mode === 'network') {
        assert.ok(after.runs.every((r) => r.step > 0), `${l.id} step ${k}: a network run did not train`);
      } else {
        for (const r of after.runs) assert.ok(r.w.every(Number.isFinite));
      }
      if (l.id === 'step-limit' && k === 0) await screenshot(page, 'lesson-step-limit.png');
      if (l.id === 'overfitting' && k === 2) await screenshot(page, 'lesson-overfitting.png');
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson step skipped to its end ends where the watched step ends', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.server.url);
  const ends = async (id, step, now) => {
    await page.evaluate(([i, k]) => window.optiscape.lesson(i, k), [id, step]);
    const first = await page.evaluate((n) => { try { window.optiscape.runLesson(n); return 'ran'; } catch (e) { return e.message; } }, now);
    if (first !== 'ran') {
      assert.match(first, /pick an answer first/);
      await page.evaluate(() => window.optiscape.answer(0));
      await page.evaluate((n) => window.optiscape.runLesson(n), now);
    }
    await page.waitForFunction(() => window.optiscape.state().lesson.ran === true, null, { timeout: 90000, polling: 100 });
    const s = await page.evaluate(() => window.optiscape.state());
    assert.equal(s.running, false);
    return s.runs.map((r) => ({ step: r.step, w: r.w, loss: r.loss, status: r.status }));
  };
  for (const [id, step, steps] of [['adaptive', 2, 1500], ['decision-regions', 1, 400]]) {
    const watched = await ends(id, step, false);
    const skipped = await ends(id, step, true);
    assert.ok(watched.length >= 1 && watched.some((r) => r.step === steps), `${id} ${step}: ${JSON.stringify(watched)}`);
    assert.deepEqual(skipped, watched, `${id} step ${step}`);
  }
  const bad = await page.evaluate(() => { try { window.optiscape.lesson('adaptive', 0); window.optiscape.runLesson(true); return 'no error'; } catch (e) { return e.message; } });
  assert.match(bad, /pick an answer first/);
  assert.deepEqual(errors, []);
  await context.close();
});
