#!/usr/bin/env node
// Rebuilds the file layout of one stage of a Dockerfile without a Docker engine:
//   node scripts/runtime-layout.mjs <Dockerfile> <stage> <dir>
// COPY lines are replayed from the repository (a build stage's /app is the repository root
// once `npm run build` has run there), `RUN npm ci …` is run in <dir>, ENV is collected. Any
// other RUN, or a COPY from somewhere unknown, is an error: the layout must be the image's,
// not an approximation. Prints {"env": {...}, "cmd": [...], "workdir": "..."} as JSON.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [dockerfile, stage, outDir] = process.argv.slice(2);
if (!dockerfile || !stage || !outDir) {
  process.stderr.write('usage: runtime-layout.mjs <Dockerfile> <stage> <dir>\n');
  process.exit(2);
}
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fail = (message) => {
  process.stderr.write(`runtime-layout: ${message}\n`);
  process.exit(1);
};

// Instructions, continuation lines joined, comments dropped.
const instructions = fs
  .readFileSync(dockerfile, 'utf8')
  .replace(/\\\r?\n/g, ' ')
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line);
    return { keyword: keyword.toUpperCase(), rest };
  });

const stages = new Set();
let current = null;
const mine = [];
for (const instruction of instructions) {
  if (instruction.keyword === 'FROM') {
    current = /\sAS\s+(\S+)/i.exec(instruction.rest)?.[1] ?? null;
    if (current) stages.add(current);
    continue;
  }
  if (current === stage) mine.push(instruction);
}
if (mine.length === 0) fail(`no stage named ${stage} in ${dockerfile}`);

const env = {};
let cmd = null;
let workdir = '/';
fs.mkdirSync(outDir, { recursive: true });
const inImage = (target) =>
  path.join(outDir, path.posix.isAbsolute(target) ? path.posix.relative(workdir, target) : target);

for (const { keyword, rest } of mine) {
  switch (keyword) {
    case 'WORKDIR':
      workdir = rest;
      break;
    case 'ENV': {
      for (const match of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[match[1]] = match[2].replace(/^"|"$/g, '');
      break;
    }
    case 'COPY': {
      const words = rest.split(/\s+/);
      const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((word) => !word.startsWith('--'));
      const dest = paths.pop();
      if (from !== undefined && !stages.has(from)) fail(`COPY --from=${from}: not a stage of this Dockerfile`);
      for (const source of paths) {
        // A stage's WORKDIR is /app, which holds the repository (COPY . .) plus what it built.
        const relative = from !== undefined ? path.posix.relative('/app', source) : source;
        if (relative.startsWith('..')) fail(`COPY ${source}: outside the stage's /app`);
        const origin = path.join(repoRoot, relative);
        if (!fs.existsSync(origin)) fail(`COPY ${source}: ${origin} does not exist (run the build first)`);
        const target =
          dest.endsWith('/') || paths.length > 1 ? path.join(inImage(dest), path.basename(origin)) : inImage(dest);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.cpSync(origin, target, { recursive: true });
      }
      break;
    }
    case 'RUN': {
      for (const command of rest.split('&&').map((part) => part.trim())) {
        if (/^npm ci\b/.test(command)) {
          execFileSync('npm', [...command.split(/\s+/).slice(1), '--prefer-offline'], {
            cwd: outDir,
            stdio: ['ignore', 2, 2],
          });
        } else if (command !== 'npm cache clean --force') {
          // (Cleaning the cache shrinks the image; here it would empty this machine's cache.)
          fail(`RUN ${command}: not something this script knows how to replay`);
        }
      }
      break;
    }
    case 'CMD':
      cmd = JSON.parse(rest);
      break;
    case 'USER':
    case 'EXPOSE':
    case 'HEALTHCHECK':
    case 'ARG':
    case 'LABEL':
      break;
    default:
      fail(`${keyword}: not something this script knows how to replay`);
  }
}
if (!Array.isArray(cmd)) fail('the stage has no exec-form CMD');
process.stdout.write(`${JSON.stringify({ env, cmd, workdir })}\n`);
