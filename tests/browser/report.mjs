// Browser test of the report: `reckon report` writes a page for the Alabuga run, headless Chromium
// opens it from disk, and the test checks that each chart drew the number of points the view
// JSON implies, that the claims table has one row per claim, that the map has every flight with
// coordinates, that a click on a claim marker opens its row and a click on a launch month names
// its CSV rows, that nothing was fetched but file:// URLs, and that the console stayed clean.
//
//   node tests/browser/report.mjs --reckon BIN --source SRC_DIR --work WORK_DIR [--page INDEX.html]
//
// WORK_DIR/run is the run folder made by setup.mjs (the ctest fixture). --page skips `reckon
// report` and opens a page made by make_page.mjs: for developing the front end only.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Checks, expected_points, flights_with_coordinates, launch, mkdirp, parse_args } from './lib.mjs';

const args = parse_args(process.argv.slice(2), ['reckon', 'source', 'work', 'page']);
const checks = new Checks('browser_report');
const browser = await launch(args.source);  // exits 77 when there is no Chromium

let index = args.page;
if (!index) {
    const run = path.join(args.work, 'run');
    const out = path.join(args.work, 'report');
    fs.rmSync(out, { recursive: true, force: true });
    execFileSync(args.reckon, ['report', path.join(args.source, 'examples', 'alabuga'), '--db', path.join(run, 'reckon.db'),
        '--out', out], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 240_000 });
    index = path.join(out, 'index.html');
}
checks.ok(fs.existsSync(index), `the report page exists: ${index}`);

const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const problems = [];
const requests = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('request', (r) => requests.push(r.url()));

await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
await page.waitForFunction(() => document.querySelectorAll('[data-points]').length === 4 && document.getElementById('map').dataset.flights !== undefined, null, { timeout: 30_000 });
const shots = mkdirp(path.join(args.work, 'screenshots'));
await page.screenshot({ path: path.join(shots, 'report_top.png') });  // as opened, before any click
const view = await page.evaluate(() => window.RECKON_VIEW);
checks.ok(view && view.reckon_view === 1, 'the page carries a version 1 view');
checks.equal(view.mode, 'report', 'the view is in report mode');
checks.ok(view.months.length > 0, `the view has months (${view.months.length})`);

const expected = expected_points(view);
for (const id of ['chart-production', 'chart-cumulative', 'chart-launches', 'chart-learning']) {
    const got = await page.getAttribute(`#${id}`, 'data-points');
    checks.equal(Number(got), expected[id], `${id} drew ${expected[id]} points`);
}
checks.ok(expected.claims_drawn > 0, `the production chart draws claims (${expected.claims_drawn})`);

const keys = await page.$$eval('#claims tr[data-key]', (rows) => rows.map((r) => r.dataset.key));
checks.equal(keys.length, view.claims.length, 'one claims-table row per claim');
checks.equal([...keys].sort(), view.claims.map((c) => c.key).sort(), 'the rows are the view\'s claim keys');
checks.equal(new Set(keys).size, keys.length, 'claim keys are unique');

const on_map = flights_with_coordinates(view);
checks.equal(Number(await page.getAttribute('#map', 'data-flights')), on_map, `the map draws the ${on_map} flights with coordinates`);
checks.equal(await page.locator('#map path.flight-line').count(), on_map, 'one line per flight with coordinates');
checks.equal(await page.locator('#flights tbody tr').count(), view.flights.length, 'every flight is in the flights table');
checks.equal(await page.locator('#sources tbody tr').count(), view.sources.length, 'one source-bias row per source class');

// A click on a claim marker selects its row and brings it into view, with sentence and document.
const markers = await page.evaluate(() => window.reckon.claim_markers());
checks.equal(markers.length, expected.claims_drawn, 'every drawn claim has a clickable marker');
const with_sentence = markers.find((m) => view.claims.find((c) => c.key === m.key && c.sentence)) || markers[0];
if (with_sentence) {
    await page.locator('#chart-production').scrollIntoViewIfNeeded();
    const target = (await page.evaluate(() => window.reckon.claim_markers())).find((m) => m.key === with_sentence.key);
    await page.mouse.click(target.x, target.y);
    const row = page.locator('#claims tr.selected');
    checks.equal(await row.count(), 1, 'clicking a claim marker selects one row');
    if (await row.count() === 1) {
        const key = await row.getAttribute('data-key');
        checks.ok(key === target.key || markers.some((m) => m.key === key && Math.hypot(m.x - target.x, m.y - target.y) < 10),
            'the selected row is the clicked claim', `${key} vs ${target.key}`);
        const claim = view.claims.find((c) => c.key === key);
        const text = await row.innerText();
        if (claim.sentence) checks.ok(text.includes(claim.sentence.slice(0, 40)), 'the row shows the claim\'s sentence');
        if (claim.document && claim.document.title) checks.ok(text.includes(claim.document.title), 'the row shows its document title');
        checks.ok(await row.isVisible() && (await row.boundingBox()).y >= 0, 'the row was scrolled into view');
    }
}

// A click on a launch month names its file and line numbers.
const month_i = view.months.findIndex((m) => m.launch_rows && m.launch_rows.lines && m.launch_rows.lines.length);
checks.ok(month_i >= 0, 'some month has launch rows');
if (month_i >= 0) {
    await page.locator('#chart-launches').scrollIntoViewIfNeeded();
    const at = await page.evaluate((i) => {
        const u = window.reckon.plots.launches;
        const r = u.over.getBoundingClientRect();
        return { x: r.left + u.valToPos(u.data[0][i], 'x'), y: r.top + r.height / 2 };
    }, month_i);
    await page.mouse.move(at.x, at.y);
    await page.mouse.click(at.x, at.y);
    const detail = page.locator('#chart-launches .launch-rows');
    const m = view.months[month_i];
    checks.equal(await detail.getAttribute('data-month'), m.month, `clicking ${m.month} on the launches chart shows that month`);
    const text = await detail.innerText();
    checks.ok(text.includes(m.launch_rows.file) && text.includes(String(m.launch_rows.lines[0])),
        'the launch month names its CSV file and lines', text);
}

checks.equal(await page.locator('#messages .message.error').count(), 0, 'no error message on the page');
checks.equal(problems, [], 'no console errors or warnings');
const foreign = requests.filter((u) => !u.startsWith('file:'));
checks.equal(foreign, [], `no requests but file:// (${requests.length} made)`);

await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });
console.log(`screenshots in ${shots}`);
await browser.close();
checks.finish();
