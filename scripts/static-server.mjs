#!/usr/bin/env node
// A tiny static file server for dist/, with no dependencies.
//   node scripts/static-server.mjs [--headers | --bare] [DIR=dist] [PORT=4173] [PREFIX=/]
// Serves DIR on http://127.0.0.1:PORT under the path PREFIX (e.g. /embed/calc/), so a build made
// with `--public-url ./` can be tested from a sub-path. A request outside PREFIX gets 404, which
// catches absolute asset paths. PREFIX without its trailing slash redirects to it. A directory
// serves its index.html. Query strings are ignored (the app reads them itself).
// Headers, besides Content-Type and Content-Length:
//   (default)  Cache-Control: no-store and X-Content-Type-Options: nosniff (for tests: never stale)
//   --headers  what DIR/_headers says, as Netlify and Cloudflare Pages apply it, with its paths
//              taken relative to PREFIX; DIR/_headers itself is not served
//   --bare     nothing else (like GitHub Pages, which sends no custom header)
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [dirArg = 'dist', portArg = '4173', prefixArg = '/'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const flag of flags) {
  if (flag !== '--headers' && flag !== '--bare') {
    console.error(`static-server: unknown flag ${flag} (known: --headers, --bare)`);
    process.exit(2);
  }
}
const mode = flags.includes('--headers') ? 'headers' : flags.includes('--bare') ? 'bare' : 'default';
const root = path.resolve(dirArg);
const port = Number(portArg);
const host = process.env.HOST || '127.0.0.1';
let prefix = prefixArg.startsWith('/') ? prefixArg : `/${prefixArg}`;
if (!prefix.endsWith('/')) prefix += '/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

try {
  if (!(await fs.stat(path.join(root, 'index.html'))).isFile()) throw new Error('not a file');
} catch {
  console.error(`static-server: ${path.join(root, 'index.html')} not found; build first (scripts/build)`);
  process.exit(1);
}

/**
 * Parses a _headers file: a line that starts with `/` opens a rule for that path pattern (`*`
 * matches anything, `:name` one path segment); indented `Name: value` lines add headers to it, and
 * an indented `! Name` removes a header that an earlier rule set (Cloudflare's form). Comments
 * start with `#`. Throws on anything else, so a malformed file fails the server, not a test.
 */
function parseHeaders(text) {
  const rules = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trimEnd();
    const where = `_headers line ${i + 1}`;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    if (!/^\s/.test(line)) {
      if (!line.startsWith('/')) throw new Error(`${where}: a rule must start with / (${line})`);
      const pattern = line
        .split(/(\*|:[A-Za-z_][A-Za-z0-9_]*)/)
        .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      rules.push({ path: line, match: new RegExp(`^${pattern}$`), set: [], detach: [] });
      return;
    }
    const rule = rules.at(-1);
    if (!rule) throw new Error(`${where}: a header before any path`);
    const body = line.trim();
    if (body.startsWith('!')) {
      rule.detach.push(body.slice(1).trim().toLowerCase());
      return;
    }
    const colon = body.indexOf(':');
    if (colon <= 0) throw new Error(`${where}: expected "Name: value" (${body})`);
    rule.set.push([body.slice(0, colon).trim(), body.slice(colon + 1).trim()]);
  });
  return rules;
}

let headerRules = [];
if (mode === 'headers') {
  try {
    headerRules = parseHeaders(await fs.readFile(path.join(root, '_headers'), 'utf8'));
  } catch (e) {
    console.error(`static-server: --headers: ${e.message}`);
    process.exit(1);
  }
}

/** The headers _headers gives a path (relative to PREFIX, starting with /); both hosts join the
 *  values of a header that several matching rules set. Names are lower case. */
function headersFor(sitePath) {
  const out = new Map();
  for (const rule of headerRules) {
    if (!rule.match.test(sitePath)) continue;
    for (const name of rule.detach) out.delete(name);
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      out.set(key, out.has(key) ? `${out.get(key)}, ${value}` : value);
    }
  }
  return Object.fromEntries(out);
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (`${pathname}/` === prefix) {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    return send(res, 301, '', { Location: prefix + query });
  }
  if (!pathname.startsWith(prefix)) return send(res, 404, 'not found\n');

  const sitePath = pathname.slice(prefix.length - 1);
  if (mode === 'headers' && sitePath === '/_headers') return send(res, 404, 'not found\n');
  let file = path.resolve(root, `.${sitePath}`);
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'forbidden\n');
  try {
    let stat = await fs.stat(file);
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        return send(res, 301, '', { Location: `${pathname}/${query}` });
      }
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
    if (!stat.isFile()) return send(res, 404, 'not found\n');
    const base = {
      'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'content-length': stat.size,
    };
    const extra =
      mode === 'headers'
        ? headersFor(sitePath)
        : mode === 'bare'
          ? {}
          : { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    res.writeHead(200, { ...base, ...extra });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  } catch {
    send(res, 404, 'not found\n');
  }
});

server.listen(port, host, () => {
  const what = { default: 'no-store', headers: 'headers from _headers', bare: 'no extra headers' }[mode];
  console.log(`static-server: serving ${root} at http://${host}:${port}${prefix} (${what})`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
