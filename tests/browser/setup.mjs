// The browser tests' fixture (ctest FIXTURES_SETUP): makes WORK/run with `reckon run
// examples/alabuga`, the run folder both the report and the workbench test start from, and
// makes sure playwright-core is installed in web/node_modules (the build's `npm ci` normally
// has done it already).
//
//   node tests/browser/setup.mjs --reckon BIN --source SRC_DIR --work WORK_DIR
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdirp, parse_args } from './lib.mjs';

const args = parse_args(process.argv.slice(2), ['reckon', 'source', 'work']);
const web = path.join(args.source, 'web');
if (!fs.existsSync(path.join(web, 'node_modules', 'playwright-core', 'package.json'))) {
    console.log(`playwright-core missing: npm ci in ${web}`);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: web, stdio: 'inherit', timeout: 240_000 });
}
const run = path.join(mkdirp(args.work), 'run');
fs.rmSync(run, { recursive: true, force: true });
execFileSync(args.reckon, ['run', path.join(args.source, 'examples', 'alabuga'), '--out', run],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 280_000 });
for (const f of ['reckon.db', 'estimate.json']) {
    if (!fs.existsSync(path.join(run, f))) throw new Error(`reckon run made no ${f} in ${run}`);
}
console.log(`run folder ready: ${run}`);
