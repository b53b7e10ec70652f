#!/usr/bin/env node
// After `trunk build --release --public-url ./`: make dist/ work offline and under a strict CSP.
//   node scripts/postbuild.mjs [DIST=dist]
// No npm dependency. Safe to run twice on the same dist/ (the second run changes nothing).
//
// 1. Trunk 0.21 injects an inline <script type="module"> that loads the wasm;
//    its text is moved to dist/boot-<hash>.js and the tag becomes
//    <script type="module" src="./boot-<hash>.js" integrity="sha384-...">, so a CSP of
//    `script-src 'self' 'wasm-unsafe-eval'` needs no per-build hash. The loader fetches the wasm
//    with its SHA-384 as `integrity`, and the wasm's preload link loses the one Chromium ignores.
// 2. static/manifest.webmanifest and static/icon.svg are copied into dist/; dist/sw-register.js
//    is written; dist/index.html gets <link rel="manifest"> and <script src="sw-register.js" defer>.
// 3. dist/sw.js, the service worker, precaches every file of dist/ (except itself),
//    listed here with its SHA-256 (checked by fetch's `integrity` when the worker installs). URLs
//    are relative to sw.js, so dist/ works under any sub-path. The cache name holds a hash of the
//    list: a deploy that changes any file makes a new cache, and `activate` deletes this app's
//    older caches for the same scope (never another app's). `skipWaiting` + `clients.claim`:
//    a new worker takes over at once. Fetches: precached files cache-first; a navigation to the
//    app's page goes to the network and falls back to the cached index.html, whatever its query
//    (the scenario lives in the query); anything cross-origin or not precached is not touched.
// 4. The Content-Security-Policy goes into index.html as a <meta http-equiv> (for hosts that send
//    no headers, such as GitHub Pages), without `frame-ancestors`, which a meta policy cannot carry.
// 5. dist/_headers (the format Netlify and Cloudflare Pages read) sends the full policy, the wasm's
//    Content-Type, a year of immutable caching for the hashed files and `no-cache` for the rest. Each
//    header is set by one rule only per path: both hosts join the values of overlapping rules.
//    It is not precached: hosts consume it and need not serve it.
// 6. Prints the precache list with sizes.
//
// The worker is registered only at the top level, not in an iframe and not with ?embed=1: an
// embed never writes to storage, and a worker's cache is storage; it would
// also make every reader of a blog post download the app a second time.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = 'cost-per-token';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_FILES = ['manifest.webmanifest', 'icon.svg'];
const HEADERS_FILE = '_headers';

// The policy the app runs under (README, "Security policy"). `frame-ancestors *`: the app is made to
// be embedded; a host narrows it to the sites that may embed it.
const CSP = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['style-src-attr', "'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', '*'],
  ['manifest-src', "'self'"],
  ['worker-src', "'self'"],
];
// A <meta> policy ignores these (and the browser reports that on the console).
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);
const policy = (directives) => directives.map(([name, value]) => `${name} ${value}`).join('; ');
const HEADER_POLICY = policy(CSP);
const META_POLICY = policy(CSP.filter(([name]) => !HEADER_ONLY_DIRECTIVES.has(name)));
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Trunk's outputs and the moved loader carry a content hash in their names (Trunk: 1-16 hex digits).
const HASHED = /-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css)$/;

function fail(message) {
  console.error(`postbuild: ${message}`);
  process.exit(1);
}

const sha = (algorithm, data, encoding) => createHash(algorithm).update(data).digest(encoding);
const integrity = (data) => `sha384-${sha('sha384', data, 'base64')}`;

const dist = path.resolve(process.argv[2] ?? 'dist');

/** Trunk's loader, with the wasm fetched under its SHA-384 (see PRELOAD below). */
function checkedWasmFetch(loader) {
  const LOAD = /module_or_path:\s*(['"])(\.\/[^'"]+_bg\.wasm)\1/;
  const found = loader.match(LOAD);
  if (!found) fail("the wasm's path was not found in Trunk's loader: has Trunk's output changed?");
  const wasmPath = path.join(dist, found[2]);
  if (!fs.existsSync(wasmPath)) fail(`${wasmPath} not found`);
  const digest = integrity(fs.readFileSync(wasmPath));
  return loader.replace(LOAD, `module_or_path: fetch('${found[2]}', { integrity: '${digest}' })`);
}
const indexPath = path.join(dist, 'index.html');
if (!fs.existsSync(indexPath)) fail(`${indexPath} not found: run trunk build first`);
let html = fs.readFileSync(indexPath, 'utf8');

// 1. The inline loader, moved into a file.
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
let moved = 0;
html = html.replace(SCRIPT, (tag, attributes, body) => {
  if (/\bsrc\s*=/i.test(attributes) || !/\btype\s*=\s*["']?module\b/i.test(attributes)) return tag;
  const code = `${checkedWasmFetch(body.trim())}\n`;
  const name = `boot-${sha('sha256', code, 'hex').slice(0, 16)}.js`;
  fs.writeFileSync(path.join(dist, name), code);
  moved += 1;
  return `<script type="module" src="./${name}" integrity="${integrity(code)}"></script>`;
});
// Trunk puts the wasm's SRI hash on its <link rel=preload as=fetch>, where Chromium ignores it
// and warns on every load (crbug.com/981419), while the loader fetches the wasm unchecked. The
// loader now fetches it with that integrity, which the browser checks, and the preload (still
// used: one download) loses the attribute it ignored.
const PRELOAD = /<link\b[^>]*\brel\s*=\s*["']?preload\b[^>]*>/gi;
html = html.replace(PRELOAD, (tag) => (/\bas\s*=\s*["']?fetch\b/i.test(tag)
  ? tag.replace(/\s+integrity\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i, '')
  : tag));
const booted = /<script\b[^>]*\bsrc\s*=\s*["']\.\/boot-[0-9a-f]{16}\.js["']/i.test(html);
if (!booted) fail("Trunk's inline module script was not found in index.html: has Trunk's output changed?");
// Nothing inline may remain: a strict CSP would block it.
for (const [, attributes, body] of html.matchAll(SCRIPT)) {
  if (!/\bsrc\s*=/i.test(attributes) && body.trim() !== '') {
    fail(`an inline script remains in index.html (a strict CSP blocks it): <script${attributes}>`);
  }
}
// Old loaders of earlier runs on this dist/ that index.html no longer names.
for (const file of fs.readdirSync(dist)) {
  if (/^boot-[0-9a-f]{16}\.js$/.test(file) && !html.includes(`./${file}"`)) {
    fs.rmSync(path.join(dist, file));
  }
}

// The policy as a <meta>, first in <head> so that it governs every element after it.
const metaTag = `<meta http-equiv="Content-Security-Policy" content="${META_POLICY}" />`;
const META = /<meta\s+http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i;
if (META.test(html)) {
  html = html.replace(META, metaTag);
} else {
  // After <meta charset> (which must stay in the first bytes); Trunk's minifier drops a bare <head>.
  const anchor = html.match(/<meta\s+charset\s*=[^>]*>/i) ?? html.match(/<head\b[^>]*>/i);
  if (!anchor) fail('index.html has neither <meta charset> nor <head>');
  const at = anchor.index + anchor[0].length;
  html = `${html.slice(0, at)}\n    ${metaTag}${html.slice(at)}`;
}

// 2. Manifest, icon, registration.
for (const file of STATIC_FILES) {
  const from = path.join(REPO, 'static', file);
  if (!fs.existsSync(from)) fail(`${from} not found`);
  fs.copyFileSync(from, path.join(dist, file));
}

const REGISTER = `// Registers the offline service worker, sw.js (written by scripts/postbuild.mjs).
// Only at the top level: not in an iframe and not with ?embed=1, since embed mode never writes to
// storage and a worker's cache is storage.
(function () {
  if (!('serviceWorker' in navigator)) return;
  var framed = true;
  try { framed = window.self !== window.top; } catch (e) { /* a cross-origin parent */ }
  var embed = new URLSearchParams(window.location.search).get('embed');
  if (framed || embed === '1' || embed === 'true') return;
  function register() {
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch(function (e) {
      console.warn('Offline use is not available: ' + (e && e.message));
    });
  }
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
})();
`;
fs.writeFileSync(path.join(dist, 'sw-register.js'), REGISTER);

// The icon only where index.html names none (it may name `data:,` to avoid a request).
// Markers accept unquoted attributes (Trunk's HTML minifier drops the quotes).
const HEAD_ADDITIONS = [
  [/\brel=["']?icon\b/i, '<link rel="icon" href="icon.svg" type="image/svg+xml" />'],
  [/\brel=["']?manifest\b/i, '<link rel="manifest" href="manifest.webmanifest" />'],
  [/\bsrc=["']?sw-register\.js\b/i, '<script src="sw-register.js" defer></script>'],
];
for (const [marker, tag] of HEAD_ADDITIONS) {
  if (marker.test(html)) continue;
  if (!/<\/head>/i.test(html)) fail('index.html has no </head>');
  html = html.replace(/\s*<\/head>/i, `\n    ${tag}\n  </head>`);
}
fs.writeFileSync(indexPath, html);

// 3. The precache list and the worker.
function walk(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // Trunk's .stage and the like
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), `${rel}/`));
    else if (entry.isFile() && rel !== 'sw.js' && rel !== HEADERS_FILE) out.push(rel);
  }
  return out;
}
const files = walk(dist)
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  .map((rel) => {
    const data = fs.readFileSync(path.join(dist, rel));
    return { path: rel, bytes: data.length, integrity: `sha256-${sha('sha256', data, 'base64')}` };
  });
if (!files.some((f) => f.path === 'index.html')) fail('index.html is not in the list');
const version = sha('sha256', files.map((f) => `${f.path} ${f.integrity}\n`).join(''), 'hex').slice(0, 16);
// Relative URLs, encoded for the few characters a file name may hold that a URL may not.
const list = files.map((f) => [f.path.split('/').map(encodeURIComponent).join('/'), f.integrity]);

const WORKER = `// The offline service worker of ${APP}, written by scripts/postbuild.mjs: do not edit, rebuild.
'use strict';
const VERSION = '${version}';
// [path relative to this file, SHA-256 of its content]
const FILES = [
${list.map((entry) => `  ${JSON.stringify(entry)},`).join('\n')}
];
const BASE = new URL('./', self.location.href);
// One app may be deployed under several sub-paths of one origin: the prefix holds the scope.
const PREFIX = '${APP}:' + BASE.href + ':';
const CACHE = PREFIX + VERSION;
const INDEX = new URL('index.html', BASE).href;
const PRECACHED = new Set(FILES.map(([file]) => new URL(file, BASE).href));
// How long a navigation waits for the network before the cached page is shown.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        FILES.map(async ([file, integrity]) => {
          const url = new URL(file, BASE).href;
          // Same cache name, same content: what an interrupted install stored is still right.
          if (await cache.match(url, { ignoreVary: true })) return;
          // 'no-cache' revalidates with the server (a 304 reuses the copy the page just loaded,
          // so nothing is downloaded twice); 'integrity' refuses a file of another deploy, so a
          // half-finished upload makes the install fail and retry, not cache a mix.
          const response = await fetch(new Request(url, { cache: 'no-cache', integrity }));
          if (!response.ok) throw new Error(file + ': HTTP ' + response.status);
          // A host that redirected (index.html -> ./) marks the response; a navigation refuses
          // a redirected response, so store a clean copy.
          const clean = response.redirected
            ? new Response(await response.blob(), { status: 200, headers: response.headers })
            : response;
          await cache.put(url, clean);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request.url, { ignoreVary: true });
  return hit || fetch(request);
}

async function navigate(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    if (response.status < 500) return response;
  } catch (e) {
    // Offline, server down or too slow: the cached page below.
  } finally {
    clearTimeout(timer);
  }
  const cache = await caches.open(CACHE);
  const page = await cache.match(INDEX, { ignoreSearch: true, ignoreVary: true });
  return page || Response.error();
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== BASE.origin) return; // never touch another origin's requests
  if (request.mode === 'navigate') {
    if (url.pathname === BASE.pathname || url.href.split('?')[0] === INDEX) {
      event.respondWith(navigate(request));
    }
    return;
  }
  if (PRECACHED.has(url.href)) event.respondWith(fromCache(request));
});
`;
fs.writeFileSync(path.join(dist, 'sw.js'), WORKER);

// 5. Headers for Netlify and Cloudflare Pages. Paths are relative to where dist/ is published.
const headerRules = [
  ['/*', [['Content-Security-Policy', HEADER_POLICY], ['X-Content-Type-Options', 'nosniff']]],
];
for (const rel of [...files.map((f) => f.path), 'sw.js']) {
  const url = `/${rel.split('/').map(encodeURIComponent).join('/')}`;
  const headers = [];
  if (rel.endsWith('.wasm')) headers.push(['Content-Type', 'application/wasm']);
  headers.push(['Cache-Control', HASHED.test(rel) ? IMMUTABLE : 'no-cache']);
  // The page is also asked for as the directory itself.
  if (rel === 'index.html') headerRules.push(['/', headers]);
  headerRules.push([url, headers]);
}
const HEADERS = `# Written by scripts/postbuild.mjs for this build: do not edit, rebuild.
# Netlify and Cloudflare Pages read this file. Paths are relative to the published directory:
# to publish under a sub-path, put that path in front of each one.
${headerRules.map(([url, headers]) => `${url}\n${headers.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`).join('')}`;
fs.writeFileSync(path.join(dist, HEADERS_FILE), HEADERS);

// 6. Report.
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`postbuild: ${moved ? 'moved the inline loader to a file' : 'loader already in a file'}`);
console.log(`postbuild: precache ${APP}:<scope>:${version}, ${files.length} files`);
for (const f of files) console.log(`  ${f.path.padEnd(48)} ${String(f.bytes).padStart(10)} B`);
const total = files.reduce((sum, f) => sum + f.bytes, 0);
console.log(`  ${'total'.padEnd(48)} ${String(total).padStart(10)} B (${kb(total)})`);
console.log(`  ${'sw.js (not precached)'.padEnd(48)} ${String(Buffer.byteLength(WORKER)).padStart(10)} B`);
console.log(`postbuild: ${HEADERS_FILE} with ${headerRules.length} rules; Content-Security-Policy in a <meta> too`);
