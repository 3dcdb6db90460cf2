// Every lesson opens and runs to its end in the page without errors: for each step, pick an
// answer, run, wait for the reveal; the step is marked done and the next one opens.
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
      const before = await page.evaluate(() => { try { window.optiscape.runLesson(); return 'ran'; } catch (e) { return e.message; } });
      if (before !== 'ran') {
        assert.match(before, /pick an answer first/);
        await page.evaluate(() => window.optiscape.answer(0));
        await page.evaluate(() => window.optiscape.runLesson());
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
