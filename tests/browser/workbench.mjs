// Browser test of the workbench: starts `reckon serve` on a free loopback port over a copy of the
// Alabuga run folder, reads the token it prints, opens the page at once (it must say that the first
// estimate is running and then draw the view by itself), and in headless Chromium rejects a claim the
// estimate used (first with a wrong token, which must fail visibly and store nothing), runs the
// estimate again from the page and checks that the claim is now set aside, that the estimate
// changed and that the review is in the claim's history.
//
//   node tests/browser/workbench.mjs --reckon BIN --source SRC_DIR --work WORK_DIR
//
// WORK_DIR/run is the run folder made by setup.mjs (the ctest fixture); it is copied, never changed.
import fs from 'node:fs';
import path from 'node:path';
import { Checks, free_port, launch, mkdirp, parse_args, start_server } from './lib.mjs';

const args = parse_args(process.argv.slice(2), ['reckon', 'source', 'work']);
const checks = new Checks('browser_workbench');
const browser = await launch(args.source);  // exits 77 when there is no Chromium

const run = path.join(args.work, 'run');
const copy = path.join(args.work, 'serve-run');
fs.rmSync(copy, { recursive: true, force: true });
fs.cpSync(run, copy, { recursive: true });
const port = await free_port();
const { child, token } = await start_server(args.reckon, path.join(copy, 'reckon.db'), port, { echo: true });
const base = `http://127.0.0.1:${port}`;

const history = async (key) => (await fetch(`${base}/api/claims/${encodeURIComponent(key)}/history`)).json();

try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = [];
    const foreign = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of (4\d\d|503)/.test(m.text())) problems.push(`console: ${m.text()}`); });
    page.on('request', (r) => { if (!r.url().startsWith(`${base}/`)) foreign.push(r.url()); });

    // The page is opened at once, while the server's first estimate runs (seconds in a normal
    // build): it must show that it is estimating and then draw the view by itself. The bound is
    // for an ASan build on a loaded machine.
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.body.dataset.renders >= 1 && document.querySelectorAll('[data-points]').length === 4, null, { timeout: 400_000 });
    const first_view = await page.evaluate(() => document.body.dataset.firstView);
    const shown = await page.evaluate(() => document.body.dataset.estimatingShown || '');
    console.log(`first view: ${first_view}; estimating shown as "${shown}"`);
    checks.ok(first_view === 'ready' || /^estimating the first view: \d+%$/.test(shown),
        'a page opened during the first estimate says it is estimating', `${first_view}: "${shown}"`);
    checks.ok(!(await page.locator('#re-estimate').isDisabled()), 'the re-estimate button is enabled once the view is drawn');
    const before = await page.evaluate(() => window.reckon.view);
    checks.equal(before.mode, 'live', 'the server\'s view is in live mode');
    checks.equal(await page.locator('#claims tr[data-key]').count(), before.claims.length, 'one claims-table row per claim');

    // A production claim the estimate used, given per month: rejecting it must move the estimate.
    const claim = before.claims.find((c) => c.used && /^production/.test(c.metric) && Number.isFinite(c.monthly))
        || before.claims.find((c) => c.used && /^production/.test(c.metric));
    checks.ok(!!claim, 'the run has a used production claim to review');
    if (!claim) throw new Error('no used production claim in the view');
    console.log(`reviewing ${claim.key}: ${claim.metric} ${claim.value} (${claim.status})`);
    const row = () => page.locator(`#claims tr[data-key="${claim.key}"]`);
    const reviews_before = (await history(claim.key)).length;

    // A wrong token: the server refuses (403), the page says so, the store is unchanged.
    await page.fill('#token', 'f'.repeat(32));
    await page.fill('#who', 'browser-test');
    await row().locator('button.review-reject').click();
    const error = page.locator('#messages .message.error');
    await error.first().waitFor({ timeout: 10_000 });
    checks.ok(/403/.test(await error.first().innerText()), 'a wrong token is refused with 403 and shown', await error.first().innerText());
    checks.equal((await history(claim.key)).length, reviews_before, 'the refused review stored nothing');
    await page.locator('#messages .message .close').first().click();

    // The right token: the review is stored and shown in the claim's history.
    await page.fill('#token', token);
    const renders = Number(await page.evaluate(() => document.body.dataset.renders));
    await row().locator('button.review-reject').click();
    await page.waitForFunction((n) => Number(document.body.dataset.renders) > n, renders, { timeout: 15_000 });
    const stored = await history(claim.key);
    checks.equal(stored.length, reviews_before + 1, 'the review is stored');
    const last = stored[stored.length - 1] || {};
    checks.equal([last.action, last.who], ['reject', 'browser-test'], 'the stored review says who rejected it');
    checks.ok(/reject/.test(await row().locator('.history').textContent().catch(() => '')), 'the claim\'s history on the page shows the rejection');

    // A correction of another claim: the new value is stored beside the old one.
    const other = before.claims.find((c) => c.used && c.key !== claim.key && Number.isFinite(c.value) && c.value > 0);
    if (other) {
        const corrected = Math.round(other.value * 0.9 * 100) / 100;
        const n = Number(await page.evaluate(() => document.body.dataset.renders));
        const other_row = page.locator(`#claims tr[data-key="${other.key}"]`);
        await other_row.locator('input.correct-value').fill(String(corrected));
        await other_row.locator('input.review-note').fill('checked against the source');
        await other_row.locator('button.review-correct').click();
        await page.waitForFunction((m) => Number(document.body.dataset.renders) > m, n, { timeout: 15_000 });
        const h = await history(other.key);
        const r = h[h.length - 1] || {};
        checks.equal([r.action, r.value_before, r.value_after, r.note], ['correct', other.value, corrected, 'checked against the source'],
            'a correction keeps the value before and after');
    }

    // Re-estimate from the page and wait for the new view.
    await page.click('#re-estimate');
    await page.waitForFunction((key) => {
        const c = window.reckon.view.claims.find((x) => x.key === key);
        return c && !c.used && document.getElementById('estimate-status').dataset.state === 'done';
    }, claim.key, { timeout: 240_000, polling: 500 });
    const after = await page.evaluate(() => window.reckon.view);
    const now = after.claims.find((c) => c.key === claim.key);
    checks.ok(/reject/i.test(now.status), 'the claim\'s status now says rejected', now.status);
    checks.ok(now.review && now.review.action === 'reject', 'the claim carries its review');
    const total_changed = after.estimate.total.median !== before.estimate.total.median;
    const months_changed = after.months.some((m, i) => before.months[i] && m.production.median !== before.months[i].production.median);
    checks.ok(total_changed || months_changed, 'the estimate changed',
        `total ${before.estimate.total.median} → ${after.estimate.total.median}`);
    console.log(`total median ${before.estimate.total.median} → ${after.estimate.total.median}`);
    checks.ok(/reject/.test(await row().locator('.history').textContent()), 'the history survives the re-estimate');
    checks.equal(await page.locator('#messages .message.error').count(), 0, 'no error left on the page');
    checks.equal(problems, [], 'no page errors');
    checks.equal(foreign, [], 'no requests outside the server');

    const shots = mkdirp(path.join(args.work, 'screenshots'));
    await row().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'workbench_claim.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, 'workbench.png'), fullPage: true });
    console.log(`screenshots in ${shots}`);
} finally {
    await browser.close();
    child.kill('SIGTERM');
}
checks.finish();
