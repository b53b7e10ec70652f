// Offline use, the service worker and the strict-CSP loader.
//
// These tests start their own copies of scripts/static-server.mjs on free ports (not the shared
// webServer of playwright.config.ts), because the offline test stops its server mid-test: that,
// not context.setOffline (which a service worker's own fetches ignore), proves the precache.
// They serve E2E_DIST (default dist/), which scripts/build runs scripts/postbuild.mjs on.
import { test, expect, Page, Response } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ready } from './helpers';

const DIST = path.resolve(process.env.E2E_DIST ?? 'dist');
const POSTBUILD = path.resolve('scripts/postbuild.mjs');

interface Server {
  url: string;
  origin: string;
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

async function startServer(dir: string, prefix = '/'): Promise<Server> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}${prefix}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/static-server.mjs', dir, String(port), prefix],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
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
    origin,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Wait until a service worker is active and controls the page; reload once if needed. */
async function controlled(page: Page) {
  await page.waitForFunction(
    async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
    null,
    { timeout: 15_000, polling: 100 },
  );
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 5_000 });
  } catch {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 5_000 });
  }
}

function precacheList(dir: string): string[] {
  const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  return [...sw.matchAll(/^\s+\["([^"]+)","sha256-[A-Za-z0-9+/=]+"\],$/gm)].map((m) => m[1]);
}

function cacheVersion(dir: string): string {
  const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  const m = sw.match(/^const VERSION = '([0-9a-f]{16})';$/m);
  expect(m, 'sw.js names its cache version').not.toBeNull();
  return m![1];
}

function filesOf(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) =>
      e.isDirectory() ? filesOf(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}

// At the root and under a sub-path: the worker's URLs are relative to itself.
for (const prefix of ['/', '/embed/calc/']) {
  test.describe(`offline at ${prefix}`, () => {
    // The <meta> policy of index.html (connect-src 'self') would refuse the request to another
    // origin that shows the worker leaves such requests alone; the policy is tested elsewhere.
    test.use({ bypassCSP: true });
    let server: Server;
    let other: Server; // another origin

    test.beforeAll(async () => {
      expect(
        fs.existsSync(path.join(DIST, 'sw.js')),
        `${DIST}/sw.js is missing: scripts/build runs \`node scripts/postbuild.mjs dist\``,
      ).toBe(true);
      server = await startServer(DIST, prefix);
      other = await startServer(DIST);
    });

    test.afterAll(async () => {
      await server?.stop();
      await other?.stop();
    });

    test('after one visit the page works with the server stopped', async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const consoleErrors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      const responses: Response[] = [];
      page.on('response', (r) => responses.push(r));

      await page.goto(server.url);
      await ready(page);
      await controlled(page);
      // Every listed file is in the cache before the worker counts as installed.
      const cached = await page.evaluate(async () => {
        const names = (await caches.keys()).filter((k) => k.startsWith('cost-per-token:'));
        const counts = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).length));
        return { names, counts };
      });
      expect(cached.names).toHaveLength(1);
      expect(cached.names[0]).toBe(`cost-per-token:${server.url}:${cacheVersion(DIST)}`);
      expect(cached.counts[0]).toBe(precacheList(DIST).length);

      // Online and controlled: hashed files come from the cache; another origin is never touched.
      responses.length = 0;
      await page.reload();
      await ready(page);
      const wasm = responses.find((r) => r.url().endsWith('.wasm'));
      expect(wasm, 'the wasm was requested').toBeTruthy();
      expect(wasm!.fromServiceWorker(), 'the wasm came from the cache').toBe(true);
      const foreignUrl = `${other.url}index.html`;
      await page.evaluate((u) => fetch(u, { mode: 'no-cors' }).then(() => undefined), foreignUrl);
      const foreign = responses.find((r) => r.url() === foreignUrl);
      expect(foreign, 'the cross-origin request went out').toBeTruthy();
      expect(foreign!.fromServiceWorker(), 'the worker left the cross-origin request alone').toBe(false);
      expect(consoleErrors, 'no console error while online').toEqual([]);

      // Stop the server: nothing answers any more.
      await server.stop();
      await expect(fetch(server.url)).rejects.toThrow();

      await page.reload();
      await ready(page);
      await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
      await page.getByTestId('num-tps-1').fill('180');
      await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('2.18');

      // A link with a query opens from the cache too, and the app reads the query.
      await page.goto(`${server.url}?v=1&tps1=45`);
      await ready(page);
      await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('8.70');
      await expect(page.getByTestId('out-cost_per_mtok-2'), 'a link naming platform 1 only').toHaveCount(0);
      expect(errors, 'no page error').toEqual([]);
    });
  });
}

test.describe('a new deploy', () => {
  let tmp: string;
  let server: Server;
  test.beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpt-deploy-'));
    fs.cpSync(DIST, tmp, { recursive: true });
    execFileSync(process.execPath, [POSTBUILD, tmp]);
    server = await startServer(tmp);
  });
  test.afterAll(async () => {
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('takes over at once and deletes the old cache', async ({ page }) => {
    const cacheNames = () =>
      page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('cost-per-token:')));
    const before = cacheVersion(tmp);
    await page.goto(server.url);
    await ready(page);
    await controlled(page);
    expect(await cacheNames()).toEqual([`cost-per-token:${server.url}:${before}`]);

    // Deploy: one file changes, postbuild writes a new worker.
    const css = filesOf(tmp).find((f) => f.endsWith('.css'))!;
    fs.appendFileSync(path.join(tmp, css), '\n/* deploy 2 */\n');
    execFileSync(process.execPath, [POSTBUILD, tmp]);
    const after = cacheVersion(tmp);
    expect(after).not.toBe(before);

    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect.poll(cacheNames, { timeout: 15_000 }).toEqual([`cost-per-token:${server.url}:${after}`]);
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
    const served = await page.evaluate(async (file) => {
      const hit = await caches.match(new URL(file, location.href).href);
      return hit ? (await hit.text()).includes('deploy 2') : false;
    }, css);
    expect(served, 'the cache holds the new file').toBe(true);
  });
});

test.describe('no worker for an embed', () => {
  let server: Server;
  test.beforeAll(async () => {
    server = await startServer(DIST);
  });
  test.afterAll(async () => server?.stop());

  async function registrations(target: Page | ReturnType<Page['mainFrame']>) {
    // The registration script waits for `load`; give it time to run.
    await target.waitForFunction(() => document.readyState === 'complete');
    await new Promise((r) => setTimeout(r, 500));
    return target.evaluate(async () =>
      'serviceWorker' in navigator ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    );
  }

  test('embed=1 registers no worker', async ({ page }) => {
    await page.goto(`${server.url}?embed=1`);
    await ready(page);
    expect(await registrations(page)).toBe(0);
  });

  test('a page in an iframe registers no worker', async ({ page }) => {
    await page.setContent(`<iframe src="${server.url}" width="800" height="600"></iframe>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByTestId('out-cost_per_mtok-1')).not.toBeEmpty();
    const inner = page.frames().find((f) => f.url().startsWith(server.url));
    expect(inner).toBeTruthy();
    expect(await registrations(inner!)).toBe(0);
  });

  test('a top-level visit does register one (the control for the two above)', async ({ page }) => {
    await page.goto(server.url);
    await ready(page);
    await controlled(page);
  });
});

test.describe('strict CSP', () => {
  // A worker would answer before page.route could add the header.
  test.use({ serviceWorkers: 'block' });
  let server: Server;
  test.beforeAll(async () => {
    server = await startServer(DIST);
  });
  test.afterAll(async () => server?.stop());

  test('the app runs with no inline script allowed', async ({ page }) => {
    const CSP = [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "object-src 'none'",
      "base-uri 'none'",
    ].join('; ');
    await page.route(`${server.url}**`, async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': CSP },
      });
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Content Security Policy: ${e.violatedDirective} blocked ${e.blockedURI}`),
      );
    });
    await page.goto(server.url);
    await ready(page);
    await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
    await page.getByTestId('num-tps-1').fill('180');
    await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('2.18');
    expect(violations).toEqual([]);
  });
});

test.describe('scripts/postbuild.mjs', () => {
  test('the cache name follows the files, and a second run changes nothing', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpt-postbuild-'));
    try {
      fs.cpSync(DIST, tmp, { recursive: true });
      const run = () => execFileSync(process.execPath, [POSTBUILD, tmp], { encoding: 'utf8' });

      const firstReport = run();
      const first = cacheVersion(tmp);
      expect(firstReport).toContain(`precache cost-per-token:<scope>:${first}`);
      const html = fs.readFileSync(path.join(tmp, 'index.html'), 'utf8');
      // Every file but the worker is precached, by a relative URL.
      const listed = precacheList(tmp);
      // _headers is for the host, which need not serve it.
      expect([...listed].sort()).toEqual(filesOf(tmp).filter((f) => f !== 'sw.js' && f !== '_headers').sort());
      expect(fs.existsSync(path.join(tmp, '_headers')), 'postbuild writes _headers').toBe(true);
      for (const url of listed) expect(url).not.toMatch(/^\/|^[a-z]+:/);
      for (const file of ['index.html', 'manifest.webmanifest', 'icon.svg', 'sw-register.js']) {
        expect(listed).toContain(file);
      }
      // The loader is a file; no inline script is left.
      expect(html).toMatch(/<script type="module" src="\.\/boot-[0-9a-f]{16}\.js" integrity="sha384-[^"]+"><\/script>/);
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(m[1], 'every script has a src').toMatch(/\bsrc=/);
        expect(m[2].trim()).toBe('');
      }
      expect(html).toContain('<link rel="manifest" href="manifest.webmanifest" />');
      expect(html).toContain('<script src="sw-register.js" defer></script>');
      const manifest = JSON.parse(fs.readFileSync(path.join(tmp, 'manifest.webmanifest'), 'utf8'));
      expect(manifest).toMatchObject({ name: 'Cost per token', start_url: './', display: 'standalone' });
      expect(manifest.icons[0]).toMatchObject({ src: 'icon.svg', sizes: 'any' });

      // Run again: the same files, the same cache.
      run();
      expect(cacheVersion(tmp)).toBe(first);
      expect(fs.readFileSync(path.join(tmp, 'index.html'), 'utf8')).toBe(html);

      // One file changes (as in a new deploy): a new cache name. Back as it was: the old name.
      const css = filesOf(tmp).find((f) => f.endsWith('.css'))!;
      const original = fs.readFileSync(path.join(tmp, css));
      fs.appendFileSync(path.join(tmp, css), '\n/* changed */\n');
      run();
      const second = cacheVersion(tmp);
      expect(second).not.toBe(first);
      fs.writeFileSync(path.join(tmp, css), original);
      run();
      expect(cacheVersion(tmp)).toBe(first);

      // A new file is listed and changes the name as well.
      fs.writeFileSync(path.join(tmp, 'extra.txt'), 'x');
      run();
      expect(precacheList(tmp)).toContain('extra.txt');
      expect(cacheVersion(tmp)).not.toBe(first);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
