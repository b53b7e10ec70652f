#!/usr/bin/env node
// After `trunk build --release`, before scripts/postbuild.mjs: minifies the wasm-bindgen JS glue
// with terser and puts its new SHA-384 into the integrity attribute that index.html loads it with.
//   node scripts/minify-glue.mjs [DIST=dist]
// Trunk's own minifier (minify-js) cannot parse the glue that wasm-bindgen 0.2.130 writes and
// leaves it as it is. The glue is the module that index.html preloads (`rel=modulepreload`). Its
// name keeps Trunk's content hash of the unminified file: it still changes whenever the content does.
// Exported names and object keys stay as they are (the wasm imports its functions by those keys).
// Safe to run twice: a glue with no line break is minified already and left as it is (terser's
// output is one line; a second pass could still change it, and the service worker's list with it).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

function fail(message) {
  console.error(`minify-glue: ${message}`);
  process.exit(1);
}

const dist = path.resolve(process.argv[2] ?? 'dist');
const indexPath = path.join(dist, 'index.html');
if (!fs.existsSync(indexPath)) fail(`${indexPath} not found: run trunk build first`);
let html = fs.readFileSync(indexPath, 'utf8');

// An attribute's value, quoted or not (Trunk's HTML minifier drops quotes it does not need).
const VALUE = String.raw`(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`;
const attribute = (tag, name) => {
  const m = tag.match(new RegExp(String.raw`\s${name}\s*=\s*${VALUE}`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};

let done = 0;
const tags = [...html.matchAll(/<link\b[^>]*>/gi)].map((m) => m[0]);
for (const tag of tags) {
  if (attribute(tag, 'rel')?.toLowerCase() !== 'modulepreload') continue;
  const href = attribute(tag, 'href');
  const integrity = attribute(tag, 'integrity');
  if (!href || !integrity) fail(`a modulepreload without href or integrity: ${tag}`);
  if (/^[a-z]+:|^\/\//i.test(href)) fail(`the glue is not a local file: ${href}`);
  const file = path.join(dist, decodeURIComponent(href.replace(/^\.?\//, '')));
  const source = fs.readFileSync(file, 'utf8');
  if (!source.trim().includes('\n')) {
    console.log(`minify-glue: ${href}: minified already`);
    done += 1;
    continue;
  }
  const result = await minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== 'string' || result.code === '') fail(`terser returned nothing for ${href}`);
  fs.writeFileSync(file, result.code);
  const algorithm = integrity.slice(0, integrity.indexOf('-'));
  if (!['sha256', 'sha384', 'sha512'].includes(algorithm)) fail(`unknown integrity algorithm in ${tag}`);
  const digest = `${algorithm}-${createHash(algorithm).update(result.code).digest('base64')}`;
  html = html.replace(tag, tag.replace(integrity, digest));
  console.log(`minify-glue: ${href}: ${source.length} -> ${result.code.length} B`);
  done += 1;
}
if (done === 0) fail('no <link rel=modulepreload> in index.html: has Trunk\'s output changed?');
fs.writeFileSync(indexPath, html);
