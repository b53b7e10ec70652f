// dist/ as a static host serves it, under a sub-path, both ways a host can:
//   --headers  with the headers of dist/_headers applied (Netlify, Cloudflare Pages)
//   --bare     with no header but Content-Type (GitHub Pages): the <meta> policy alone
// Each starts its own scripts/static-server.mjs. Checked: the app works with no console error and
// no CSP violation, the policy is enforced either way, every file gets the headers _headers gives
// it, and the integrity hashes in index.html match the files (so a minified build stays loadable).
import { test, expect, Page } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ready } from './helpers';

const DIST = path.resolve(process.env.E2E_DIST ?? 'dist');
const PREFIX = '/host/calc/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

async function startServer(flag: '--headers' | '--bare', dir = DIST): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}${PREFIX}`;
  const child: ChildProcess = spawn(process.execPath, ['scripts/static-server.mjs', flag, dir, String(port), PREFIX], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || i > 100) throw new Error(`static server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

const filesOf = (dir: string, prefix = ''): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? filesOf(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));

/** The rules of dist/_headers, in order: path and headers (names in lower case). */
function headerRules(): { path: string; headers: Record<string, string> }[] {
  const rules: { path: string; headers: Record<string, string> }[] = [];
  for (const line of fs.readFileSync(path.join(DIST, '_headers'), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (line.startsWith('/')) {
      rules.push({ path: line.trim(), headers: {} });
    } else {
      const m = line.match(/^\s+([A-Za-z-]+):\s*(.*)$/);
      expect(m, `a header line: ${line}`).not.toBeNull();
      expect(rules.length, 'a path before any header').toBeGreaterThan(0);
      rules.at(-1)!.headers[m![1].toLowerCase()] = m![2];
    }
  }
  return rules;
}

/** The policy of the <meta http-equiv> in dist/index.html. */
function metaPolicy(): string {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  expect(html.indexOf(m?.[0] ?? '<meta http-equiv'), 'before any script or link').toBeLessThan(html.search(/<(script|link)\b/));
  expect(m, 'index.html carries the policy in a <meta>').not.toBeNull();
  return m![1];
}

/** An attribute's value, quoted or not (Trunk's HTML minifier drops quotes it does not need). */
const attribute = (tag: string, name: string) =>
  tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`))?.slice(1).find((v) => v !== undefined);

/** The files index.html loads with an integrity hash: the loader, the glue, the wasm, the CSS. */
/** The files index.html loads with an integrity, and the wasm, which the loader fetches with one. */
function withIntegrity(): { file: string; integrity: string }[] {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const tagged = [...html.matchAll(/<(?:link|script)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => attribute(tag, 'integrity') !== undefined)
    .map((tag) => ({
      file: (attribute(tag, 'href') ?? attribute(tag, 'src') ?? '').replace(/^\.\//, ''),
      integrity: attribute(tag, 'integrity')!,
    }));
  const fetched = tagged
    .filter(({ file }) => /^boot-[0-9a-f]{16}\.js$/.test(file))
    .flatMap(({ file }) => [
      ...fs.readFileSync(path.join(DIST, file), 'utf8').matchAll(/fetch\('\.\/([^']+)', \{ integrity: '([^']+)' \}\)/g),
    ])
    .map(([, file, integrity]) => ({ file, integrity }));
  return [...tagged, ...fetched];
}

const directives = (policy: string) =>
  Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(' ')]),
  );

/** Console errors, page errors, failed loads and CSP violations (recorded in the page). */
async function record(page: Page) {
  const problems: string[] = [];
  // Warnings apart: Chromium warns of an integrity it ignores (on a wasm preload, say), and of this
  // test's own canvas reads.
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  return {
    problems,
    warnings,
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice()),
  };
}

/** Pixels on each canvas that are neither transparent nor near-white. */
const inkPerCanvas = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('canvas')).map((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return 0;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
      return n;
    }),
  );

for (const flag of ['--headers', '--bare'] as const) {
  test.describe(`dist/ under ${PREFIX}, served ${flag === '--headers' ? 'with _headers applied' : 'with no headers'}`, () => {
    let server: Server;
    test.beforeAll(async () => {
      expect(fs.existsSync(path.join(DIST, '_headers')), `${DIST}/_headers: run scripts/build`).toBe(true);
      server = await startServer(flag);
    });
    test.afterAll(async () => server?.stop());

    test('the app works: no console error, no CSP violation, the policy enforced', async ({ page }) => {
      const r = await record(page);
      const response = await page.goto(server.url);
      const csp = response?.headers()['content-security-policy'];
      if (flag === '--headers') expect(csp, 'the header policy').toBeTruthy();
      else expect(csp, 'no header policy: the <meta> alone').toBeUndefined();

      await ready(page);
      await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
      expect(r.warnings, 'no console warning while loading').toEqual([]);
      await expect.poll(async () => (await inkPerCanvas(page)).length, { message: 'charts on the page' }).toBeGreaterThan(0);
      await expect.poll(async () => Math.min(...(await inkPerCanvas(page))), { message: 'every canvas has ink' }).toBeGreaterThan(200);
      await page.getByTestId('num-tps-1').fill('180');
      await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('2.18');
      // Colours set as style attributes (style-src-attr) and the own-cost bar.
      await page.goto(`${server.url}?preset1=h200&preset2=gb300&mode1=own`);
      await ready(page);
      await expect(page.locator('.swatch').first()).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
      // The service worker registers under worker-src 'self', from the sub-path.
      await expect
        .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length))
        .toBeGreaterThan(0);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(server.url);

      expect(await r.violations(), 'no CSP violation').toEqual([]);
      expect(r.problems, 'no console error, no failed load').toEqual([]);

      // The policy is in force: an injected inline script is refused and reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true;';
        document.head.appendChild(s);
      });
      await expect.poll(() => r.violations()).toContainEqual('script-src-elem blocked inline');
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    });

    test('every file gets the headers _headers gives it', async () => {
      const rules = headerRules();
      const all = rules.find((rule) => rule.path === '/*');
      expect(all, 'a rule for every path').toBeTruthy();
      for (const file of filesOf(DIST).filter((f) => f !== '_headers')) {
        const own = rules.filter((rule) => rule.path === `/${file}`);
        expect(own, `one rule for /${file}`).toHaveLength(1);
        const response = await fetch(`${server.url}${file}`);
        expect(response.status, file).toBe(200);
        const got = (name: string) => response.headers.get(name);
        if (file.endsWith('.wasm')) expect(got('content-type'), file).toBe('application/wasm');
        if (flag === '--bare') {
          expect(got('cache-control'), file).toBeNull();
          expect(got('content-security-policy'), file).toBeNull();
          continue;
        }
        const expected = { ...all!.headers, ...own[0].headers };
        for (const [name, value] of Object.entries(expected)) expect(got(name), `${file}: ${name}`).toBe(value);
      }
      if (flag === '--headers') {
        // The directory is the page too; the hosts do not serve _headers itself.
        expect((await fetch(server.url)).headers.get('cache-control')).toBe('no-cache');
        expect((await fetch(`${server.url}_headers`)).status).toBe(404);
      }
    });
  });
}

test('_headers: the strict policy, long caching for hashed files, none for the rest', () => {
  const rules = headerRules();
  const byPath = new Map(rules.map((rule) => [rule.path, rule.headers]));
  // No header is set twice for one path (both hosts would join the values).
  for (const rule of rules.filter((r) => r.path !== '/*')) {
    for (const name of Object.keys(rule.headers)) {
      expect(byPath.get('/*')![name], `${rule.path} sets ${name} that /* sets too`).toBeUndefined();
    }
  }
  const header = directives(byPath.get('/*')!['content-security-policy']);
  const meta = directives(metaPolicy());
  expect(header['script-src']).toBe("'self' 'wasm-unsafe-eval'");
  expect(header['default-src']).toBe("'self'");
  expect(header['object-src']).toBe("'none'");
  expect(header['style-src']).toBe("'self'");
  // The <meta> holds the same policy but frame-ancestors, which a <meta> cannot set.
  expect(header['frame-ancestors']).toBe('*');
  expect(meta['frame-ancestors']).toBeUndefined();
  const { 'frame-ancestors': _, ...rest } = header;
  expect(meta).toEqual(rest);
  expect(byPath.get('/*')!['x-content-type-options']).toBe('nosniff');

  const hashed = withIntegrity().map((asset) => asset.file);
  expect(hashed.some((f) => f.endsWith('.wasm'))).toBe(true);
  expect(hashed.some((f) => f.endsWith('.js'))).toBe(true);
  expect(hashed.some((f) => f.endsWith('.css'))).toBe(true);
  for (const file of hashed) expect(byPath.get(`/${file}`)?.['cache-control'], file).toBe(IMMUTABLE);
  for (const file of ['', 'index.html', 'sw.js', 'manifest.webmanifest', 'sw-register.js']) {
    expect(byPath.get(`/${file}`)?.['cache-control'], `/${file}`).toBe('no-cache');
  }
  const wasm = hashed.find((f) => f.endsWith('.wasm'))!;
  expect(byPath.get(`/${wasm}`)?.['content-type']).toBe('application/wasm');
});

test('the integrity hashes in index.html match the files', () => {
  const assets = withIntegrity();
  expect(assets.length, 'the loader, the glue, the wasm and the stylesheet').toBeGreaterThanOrEqual(4);
  for (const { file, integrity } of assets) {
    expect(fs.existsSync(path.join(DIST, file)), file).toBe(true);
    const algorithm = integrity.slice(0, integrity.indexOf('-'));
    const actual = createHash(algorithm).update(fs.readFileSync(path.join(DIST, file))).digest('base64');
    expect(`${algorithm}-${actual}`, file).toBe(integrity);
  }
});

test('a wasm whose bytes are not the build\'s is refused by its integrity', async ({ page }) => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cpt-tampered-'));
  fs.cpSync(DIST, copy, { recursive: true });
  const wasm = withIntegrity().find(({ file }) => file.endsWith('.wasm'));
  expect(wasm, 'the loader fetches the wasm with an integrity').toBeTruthy();
  const bytes = fs.readFileSync(path.join(copy, wasm!.file));
  bytes[bytes.length - 1] ^= 1;
  fs.writeFileSync(path.join(copy, wasm!.file), bytes);
  const server = await startServer('--bare', copy);
  try {
    const r = await record(page);
    await page.goto(server.url);
    await expect.poll(() => r.problems.join('\n'), { message: 'the browser reports the failed check' }).toMatch(/integrity/i);
    await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveCount(0);
  } finally {
    await server.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
