#!/usr/bin/env node
// Where a slider move's time goes: the move loop of run.mjs under Chromium's sampling CPU
// profiler, with self and total time per function. A diagnostic, not part of scripts/bench.
// Build with the wasm's names kept to see Rust names (wasm-opt strips them from releases):
// `trunk build --release` with `data-keep-debug="true"` on index.html's rust link.
//
//   node bench/profile.mjs URL [PLATFORMS=12] [MOVES=200] [TOP=40]
import { openMovePage } from './diagnostic.mjs';

const [url, platforms = '12', count = '200', top = '40'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/profile.mjs URL [PLATFORMS=12] [MOVES=200] [TOP=40]');
  process.exit(2);
}
const { browser, context, page, moves: run } = await openMovePage(url, platforms);
try {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const moves = await run(count);
  const { profile } = await cdp.send('Profiler.stop');

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`;
  const self = new Map();
  const total = new Map();
  let busy = 0;
  profile.samples.forEach((id, k) => {
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (['(idle)', '(program)', '(root)'].includes(name(node))) return;
    busy += dt;
    self.set(name(node), (self.get(name(node)) || 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const nm = name(byId.get(at));
      if (!seen.has(nm)) total.set(nm, (total.get(nm) || 0) + dt);
      seen.add(nm);
    }
  });
  const perMove = (ms) => (ms / moves.length).toFixed(3);
  const show = (title, map) => {
    console.log(`\n${title} (ms per move, ${moves.length} moves; busy ${perMove(busy)} ms per move)`);
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top))
      .forEach(([nm, ms]) => console.log(`${perMove(ms).padStart(8)}  ${nm.slice(0, 140)}`));
  };
  show('self time', self);
  show('total time', total);
} finally {
  await browser.close();
}
