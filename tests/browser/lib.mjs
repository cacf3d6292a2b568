// Shared by the browser tests and the page-load benchmark: argument parsing, finding Debian's
// Chromium (its absence is the one reason to skip, exit 77), loading playwright-core from
// web/node_modules, starting `reckon serve` on a free port, and the expected counts of what each chart draws, computed from the view
// JSON by the rule docs/web.md states (independently of the page's own code).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';

export const SKIP = 77;

// --name value pairs into an object; unknown names are an error.
export function parse_args(argv, names) {
    const out = {};
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        if (!names.includes(name) || i + 1 >= argv.length) {
            console.error(`usage: ${names.map((n) => `--${n} VALUE`).join(' ')}`);
            process.exit(2);
        }
        out[name] = argv[i + 1];
    }
    return out;
}

// RECKON_CHROMIUM, when set, is the only browser tried (and its absence skips the tests).
export function find_chromium() {
    if (process.env.RECKON_CHROMIUM) return fs.existsSync(process.env.RECKON_CHROMIUM) ? process.env.RECKON_CHROMIUM : null;
    const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
    for (const c of candidates) if (fs.existsSync(c)) return c;
    try {
        return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
    } catch {
        return null;
    }
}

// Exits 77 (ctest: skipped) when there is no Chromium; otherwise returns { chromium, path }.
export async function browser_or_skip(source_dir) {
    const exe = find_chromium();
    if (!exe) {
        console.log('SKIP: no Chromium (apt-get install chromium, or set RECKON_CHROMIUM)');
        process.exit(SKIP);
    }
    const web = path.join(source_dir, 'web');
    let pw;
    try {
        pw = createRequire(path.join(web, 'package.json'))('playwright-core');
    } catch (e) {
        throw new Error(`playwright-core is not installed in ${web}/node_modules: run (cd web && npm ci) first (${e.message})`);
    }
    return { chromium: pw.chromium, exe };
}

export async function launch(source_dir) {
    const { chromium, exe } = await browser_or_skip(source_dir);
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    return chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const QUANTILES = ['median', 'q25', 'q75', 'q05', 'q95'];
const month_or_date = (s) => typeof s === 'string' && /^\d{4}-\d{2}/.test(s);

function quantile_points(rows, field, positive = false) {
    let n = 0;
    for (const r of rows) for (const q of QUANTILES) {
        const v = r[field] ? r[field][q] : null;
        if (finite(v) && (!positive || v > 0)) n++;
    }
    return n;
}

// What each chart must draw (docs/web.md, "What data-points counts").
export function expected_points(view) {
    const months = view.months || [];
    const contracts = view.contracts || [];
    const production = ['production_rate', 'production_total', 'capacity', 'plan'];
    const claims_drawn = (view.claims || []).filter((c) => production.includes(c.metric) && finite(c.monthly) &&
        month_or_date(c.period_start)).length;
    const launched = months.filter((m) => finite(m.launched)).length;
    let usage = 0;
    for (const m of months) for (const q of ['median', 'q05', 'q95']) if (m.usage && finite(m.usage[q])) usage++;
    const curve = (view.learning_curve || []).filter((r) => finite(r.cumulative_units) && r.cumulative_units > 0);
    // Cost claims: USD unit costs whose period's middle month has a positive median cumulative output.
    const cumulative = new Map(months.map((m) => [m.month, m.cumulative && m.cumulative.median]));
    const cost_claims = (view.claims || []).filter((c) => {
        if (c.metric !== 'unit_cost' || !finite(c.value) || c.value <= 0 || !/^USD/.test(c.unit || '')) return false;
        const a = month_or_date(c.period_start), b = month_or_date(c.period_end || c.period_start);
        if (!a || !b) return false;
        const first = Date.parse(c.period_start.length === 7 ? `${c.period_start}-01` : c.period_start);
        const end = c.period_end || c.period_start;
        const last = end.length === 7 ? Date.UTC(+end.slice(0, 4), +end.slice(5, 7), 1) - 1000
            : Date.parse(end) + 86400000 - 1000;
        const x = cumulative.get(new Date((first + last) / 2).toISOString().slice(0, 7));
        return finite(x) && x > 0;
    }).length;
    return {
        'chart-production': quantile_points(months, 'production') + claims_drawn,
        'chart-cumulative': quantile_points(months, 'cumulative') +
            contracts.filter((c) => finite(c.quantity)).length * months.length +
            contracts.filter((c) => month_or_date(c.due)).length,
        'chart-launches': launched + usage,
        'chart-learning': quantile_points(curve, 'unit_cost_usd', true) + cost_claims,
        claims_drawn,
    };
}

export function flights_with_coordinates(view) {
    return (view.flights || []).filter((f) => ['from_lat', 'from_lon', 'to_lat', 'to_lon'].every((k) => finite(f[k]))).length;
}

// A tiny check runner that prints one line per check and the closing "N passed, N failed" line.
export class Checks {
    constructor(name) { this.name = name; this.passed = 0; this.failed = 0; }
    ok(cond, what, detail = '') {
        if (cond) { this.passed++; console.log(`ok - ${what}`); }
        else { this.failed++; console.log(`not ok - ${what}${detail ? `: ${detail}` : ''}`); }
        return cond;
    }
    equal(actual, expected, what) {
        return this.ok(JSON.stringify(actual) === JSON.stringify(expected), what,
            `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
    finish() {
        console.log(`${this.name}: ${this.passed} passed, ${this.failed} failed`);
        process.exit(this.failed ? 1 : 0);
    }
}

export function mkdirp(dir) {
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

// A TCP port free on loopback at the time of asking.
export function free_port() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    });
}

// Starts `reckon serve --db DB --port PORT` and resolves with { child, token } once it has printed
// its token. The server prints it as soon as it listens (the first estimate runs afterwards, in
// the background); 60 s is only a bound for a machine so loaded that starting a process takes
// that long. `echo` copies the server's output to this process's, prefixed.
export function start_server(reckon, db, port, { echo = false } = {}) {
    const child = spawn(reckon, ['serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (d) => { if (echo) process.stdout.write(`[serve stdout] ${d}`); });
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reckon serve printed no token in 60 s; stderr:\n${err}`)), 60_000);
        child.stderr.on('data', (d) => {
            err += d;
            if (echo) process.stderr.write(`[serve] ${d}`);
            const m = /token:\s*([0-9a-f]{32})\b/.exec(err);
            if (m) { clearTimeout(timer); resolve({ child, token: m[1] }); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`reckon serve exited (${code}) before printing a token:\n${err}`)); });
    });
}
