#!/usr/bin/env node
// Cross-check of bench/run.mjs's move timing against a Chromium trace: runs the same move loop
// with tracing on and compares, move by move, the JS-measured total with the main thread's task
// time from t0 (the event) to the end of the measured frame's work. They should agree within a
// few tenths of a millisecond. A diagnostic, not part of scripts/bench.
//
//   node bench/trace-check.mjs URL [PLATFORMS=2] [MOVES=30]
//   e.g. with scripts/static-server.mjs serving dist/ on 4173:
//   node bench/trace-check.mjs http://127.0.0.1:4173/ 12
import { openMovePage } from './diagnostic.mjs';

const [url, platforms = '2', count = '30'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/trace-check.mjs URL [PLATFORMS=2] [MOVES=30]');
  process.exit(2);
}
const { browser, page, moves: run } = await openMovePage(url, platforms, { isolate: true });
try {
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'devtools.timeline'] });
  const alignNow = await page.evaluate(() => { performance.mark('bench-align'); return performance.now(); });
  const moves = await run(count);
  const trace = JSON.parse((await browser.stopTracing()).toString());

  // Map performance.now() to trace time with the mark, then sum the main thread's tasks.
  const mark = trace.traceEvents.find((e) => e.name === 'bench-align');
  const origin = mark.ts / 1000 - (mark.args?.data?.startTime ?? alignNow);
  const tasks = trace.traceEvents
    .filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
    .map((e) => [e.ts / 1000 - origin, (e.ts + e.dur) / 1000 - origin]);
  const rows = moves.map((m) => {
    const end = m.frameStart + m.frame;
    const busy = tasks.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, end) - Math.max(s, m.t0)), 0);
    return { js: m.total, trace: busy, frameFirst: m.frameFirst };
  });
  const f = (x) => x.toFixed(2);
  console.log('per move, JS total / trace task time (ms; * = frame came before the tail task):');
  console.log(rows.map((r) => `${f(r.js)}/${f(r.trace)}${r.frameFirst ? '*' : ''}`).join('  '));
  const diffs = rows.map((r) => r.js - r.trace).sort((a, b) => a - b);
  console.log(`JS - trace: median ${f(diffs[diffs.length >> 1])}, min ${f(diffs[0])}, max ${f(diffs[diffs.length - 1])} ms`);
} finally {
  await browser.close();
}
