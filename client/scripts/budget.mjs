// The feed route's initial JavaScript, gzipped: the entry chunk, its static imports
// (transitively), and the feed route's own lazy chunk with its static imports. Fails the
// build above the budget. Reads Vite's manifest (build.manifest = true).
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.FEED_BUDGET_KB ?? 150);
const dist = path.join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));

const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const child of chunk.imports ?? []) visit(child);
};
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entry) throw new Error('no entry chunk in the Vite manifest');
visit(entry);
const shell = new Set(files);
const feed = Object.keys(manifest).find((key) => /routes\/FeedRoute\.tsx$/.test(key));
if (feed) visit(feed);

const gz = (file) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);
let total = 0;
for (const file of [...files].filter((f) => f.endsWith('.js'))) {
  const size = gz(file);
  total += size;
  console.log(`  ${kb(size).padStart(7)} kB  ${file}${shell.has(file) ? '' : '  (feed route)'}`);
}
console.log(`feed route initial JS: ${kb(total)} kB gzipped (budget ${BUDGET_KB} kB)`);
if (total > BUDGET_KB * 1024) {
  console.error(`over budget by ${kb(total - BUDGET_KB * 1024)} kB`);
  process.exit(1);
}
