#!/usr/bin/env node
// A tiny static file server for dist/, with no dependencies.
//   node scripts/static-server.mjs [DIR=dist] [PORT=4173] [PREFIX=/]
// Serves DIR on http://127.0.0.1:PORT under the path PREFIX (e.g. /embed/calc/), so a build made
// with `--public-url ./` can be tested from a sub-path. A request outside PREFIX gets 404, which
// catches absolute asset paths. PREFIX without its trailing slash redirects to it. A directory
// serves its index.html. Query strings are ignored (the app reads them itself).
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

const [dirArg = 'dist', portArg = '4173', prefixArg = '/'] = process.argv.slice(2);
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

  let file = path.resolve(root, `.${pathname.slice(prefix.length - 1)}`);
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
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  } catch {
    send(res, 404, 'not found\n');
  }
});

server.listen(port, host, () => {
  console.log(`static-server: serving ${root} at http://${host}:${port}${prefix}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
