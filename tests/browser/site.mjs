// Browser test of the site map (issue 15, deliver item 5): a synthetic image pair (`reckon site
// simulate`) is compared by `reckon run` on a simulated programme with a [[site]] entry, so the
// store holds one comparison with its polygons. Headless Chromium then
//  - opens the report from disk: one site map, one path per polygon with a geometry, the three
//    quick-looks as image layers (loaded from the files beside the page, nothing else fetched),
//    the before / after / overlay switch and the opacity slider work, and a polygon's popup has
//    its area but no review buttons;
//  - opens the workbench (`reckon serve` on that store): the images come from the server, a
//    polygon accepted from its popup is stored (its history says so) and restyled, a corrected
//    area is stored with its value, and the server serves no image for an unknown comparison.
//
//   node tests/browser/site.mjs --reckon BIN --source SRC_DIR --work WORK_DIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Checks, free_port, launch, mkdirp, parse_args, start_server } from './lib.mjs';

const args = parse_args(process.argv.slice(2), ['reckon', 'source', 'work']);
const checks = new Checks('browser_site');
const browser = await launch(args.source);  // exits 77 when there is no Chromium

const work = path.join(args.work, 'site');
fs.rmSync(work, { recursive: true, force: true });
mkdirp(work);
const run_reckon = (argv, timeout = 240_000) =>
    execFileSync(args.reckon, argv, { stdio: ['ignore', 'pipe', 'inherit'], timeout, encoding: 'utf8' });
run_reckon(['site', 'simulate', '--out', path.join(work, 'syn')]);
run_reckon(['simulate', '--seed', '4', '--out', path.join(work, 'prog')]);
const syn = path.join(work, 'syn');
fs.appendFileSync(path.join(work, 'prog', 'programme.toml'), `
[[site]]
name = "Synthetic works"
aoi = ${JSON.stringify(path.join(syn, 'aoi.geojson'))}
images = [${JSON.stringify(path.join(syn, 'before_2023-03-01.img'))}, ${JSON.stringify(path.join(syn, 'after_2024-09-01.img'))}]
`);
const run = path.join(work, 'run');
run_reckon(['run', path.join(work, 'prog'), '--out', run, '--seed', '3', '--chains', '1', '--warmup', '60', '--draws', '40', '--threads', '1']);

// What the map must show for comparison 1, from the view (independently of the page's code).
function expected_map(view) {
    const c = view.site.comparisons[0];
    return { polygons: c.polygons.filter((p) => p.geometry && p.geometry.type).length, images: Object.keys(c.images || {}).length, c };
}

// Opens a polygon's popup and waits for the map's pan to it to end (Leaflet pans the map so the
// popup fits; a click during the pan could land on the map and close the popup instead).
const open_popup = (page, key) => page.evaluate((k) => new Promise((resolve) => {
    const m = window.reckon.site_maps[0];
    let moving = false;
    m.map.once('movestart', () => { moving = true; m.map.once('moveend', () => resolve(true)); });
    const found = m.open(k);
    if (!found) resolve(false);
    setTimeout(() => { if (!moving) resolve(true); }, 500);
}), key);

// The loaded images of the map: those whose pixels arrived.
const loaded_images = (page) => page.$$eval('#site-map-1 img.site-image', (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);

let child = null;
try {
    // ---- the report, opened from disk ----
    const index = path.join(run, 'index.html');
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const problems = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.renders >= 1, null, { timeout: 30_000 });
    const view = await page.evaluate(() => window.RECKON_VIEW);
    checks.ok(view.site && view.site.comparisons.length === 1, 'the report\'s view has one site comparison');
    const want = expected_map(view);
    checks.ok(want.polygons > 0, `the comparison has polygons with a geometry (${want.polygons})`);
    checks.equal(want.images, 3, 'the view lists the before, after and overlay quick-looks');
    const b = want.c.bounds;
    checks.ok(b && b.south < b.north && b.west < b.east, 'the comparison has WGS84 bounds', JSON.stringify(b));
    for (const href of Object.values(want.c.images))
        checks.ok(fs.existsSync(path.join(run, href)), `${href} is beside the report`);
    await page.locator('#site-map-1').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
        const imgs = [...document.querySelectorAll('#site-map-1 img.site-image')];
        return imgs.length > 0 && imgs.every((i) => i.complete);
    }, null, { timeout: 15_000 });
    const box = await page.$eval('#site-map-1', (m) => ({ ...m.dataset }));
    checks.equal(Number(box.polygons), want.polygons, `the report's map drew ${want.polygons} polygons`);
    checks.equal(Number(box.images), 3, 'the report\'s map has three image layers');
    checks.equal(await page.locator('#site-map-1 path.site-polygon').count(), want.polygons, 'one path per polygon');
    checks.equal(await page.locator('#site-maps .site-polygons tr[data-key]').count(), want.c.polygons.length, 'one table row per polygon');
    checks.equal(await loaded_images(page), 1, 'one image layer is shown, and its pixels loaded');
    checks.equal(box.layer, 'overlay', 'the change overlay is shown first');
    await page.locator('#site-map-1 input.site-layer-before').check();
    await page.waitForFunction(() => document.getElementById('site-map-1').dataset.layer === 'before', null, { timeout: 5_000 });
    checks.ok(await page.locator('#site-map-1 img.site-image-before').count() === 1 &&
        await page.locator('#site-map-1 img.site-image-overlay').count() === 0, 'the switch shows the before image instead');
    await page.locator('#site-map-1 input.site-opacity').fill('0.4');
    const opacity = await page.$eval('#site-map-1 img.site-image-before', (i) => Number(getComputedStyle(i).opacity));
    checks.ok(Math.abs(opacity - 0.4) < 0.01, 'the slider sets the image\'s opacity', String(opacity));
    const first = want.c.polygons.find((p) => p.geometry);
    checks.ok(await open_popup(page, first.key), 'a polygon\'s popup opens');
    const popup = page.locator('.leaflet-popup .site-popup');
    await popup.waitFor({ timeout: 5_000 });
    const text = await popup.innerText();
    checks.ok(text.includes(first.key) && /m²/.test(text) && /confidence/.test(text), 'the popup names the polygon, its area and confidence', text);
    checks.equal(await page.locator('.leaflet-popup button.site-review-accept').count(), 0, 'the report has no review buttons');
    const foreign = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
    checks.equal(foreign, [], 'the report fetched nothing but files beside it');
    checks.equal(problems, [], 'no page errors in the report');
    const shots = mkdirp(path.join(args.work, 'screenshots'));
    await page.locator('#site-maps').screenshot({ path: path.join(shots, 'site_report.png') });
    await page.close();

    // ---- the workbench ----
    const port = await free_port();
    const started = await start_server(args.reckon, path.join(run, 'reckon.db'), port);
    child = started.child;
    const base = `http://127.0.0.1:${port}`;
    const history = async (key) => (await fetch(`${base}/api/claims/${encodeURIComponent(key)}/history`)).json();
    const live = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const live_problems = [];
    const live_foreign = [];
    live.on('pageerror', (e) => live_problems.push(`page error: ${e.message}`));
    live.on('console', (m) => { if (m.type() === 'error' && !/status of (4\d\d|503)/.test(m.text())) live_problems.push(`console: ${m.text()}`); });
    live.on('request', (r) => { if (!r.url().startsWith(`${base}/`)) live_foreign.push(r.url()); });
    await live.goto(`${base}/`);
    await live.waitForFunction(() => document.body.dataset.renders >= 1 && document.getElementById('site-map-1'), null, { timeout: 120_000 });
    const lview = await live.evaluate(() => window.reckon.view);
    const lwant = expected_map(lview);
    checks.ok(Object.values(lwant.c.images).every((h) => h.startsWith(`/api/site/${lwant.c.sha256}/`)), 'live, the images come from the server');
    await live.locator('#site-map-1').scrollIntoViewIfNeeded();
    await live.waitForFunction(() => {
        const imgs = [...document.querySelectorAll('#site-map-1 img.site-image')];
        return imgs.length > 0 && imgs.every((i) => i.complete);
    }, null, { timeout: 15_000 });
    checks.equal(await loaded_images(live), 1, 'live, the shown image loaded from the server');
    checks.equal(await live.locator('#site-map-1 path.site-polygon').count(), lwant.polygons, `live, the map drew ${lwant.polygons} polygons`);
    const bogus = await fetch(`${base}/api/site/${'0'.repeat(64)}/before.png`);
    checks.equal(bogus.status, 404, 'no image for an unknown comparison');
    const traversal = await fetch(`${base}/api/site/${lwant.c.sha256}/..%2Fsummary.json`);
    checks.equal(traversal.status, 404, 'no file but the three quick-looks');

    // Waits until the map has made n reviews; on a timeout, says what the page showed (the
    // message area holds any refusal) before failing. 60 s bounds a loaded machine.
    const reviewed = async (n) => {
        try {
            await live.waitForFunction((m) => Number(document.getElementById('site-map-1').dataset.reviewed || 0) >= m, n, { timeout: 60_000 });
        } catch (e) {
            const messages = await live.locator('#messages').innerText().catch(() => '?');
            throw new Error(`review ${n} from the map was not answered: ${e.message}; messages on the page: ${messages}`);
        }
    };

    // Accept one polygon from its popup.
    await live.fill('#token', started.token);
    await live.fill('#who', 'browser-test');
    const [p1, p2] = lwant.c.polygons.filter((p) => p.geometry);
    await open_popup(live, p1.key);
    await live.locator(`.site-popup[data-key="${p1.key}"] button.site-review-accept`).click();
    await reviewed(1);
    const h1 = await history(p1.key);
    checks.equal(h1.map((r) => [r.action, r.who]), [['accept', 'browser-test']], 'the acceptance is stored in the polygon\'s history');
    checks.equal(await live.evaluate((key) => window.reckon.site_maps[0].status(key), p1.key), 'accepted', 'the polygon is now accepted');
    checks.equal(await live.locator('#site-map-1 path.site-polygon.status-accepted').count(), 1, 'and drawn as accepted');
    checks.equal(await live.locator(`#site-maps .site-polygons tr[data-key="${p1.key}"] td:last-child`).textContent(), 'accepted', 'and its table row says so');
    const accepted_text = `${Math.round(p1.value).toLocaleString('en-GB')} m² accepted`;
    checks.ok((await live.locator('#site-maps .site-totals').first().textContent()).includes(accepted_text),
        'the comparison\'s accepted total counts it', await live.locator('#site-maps .site-totals').first().textContent());
    // Correct another polygon's area.
    if (p2) {
        const area = Math.round(p2.value * 0.5);
        await open_popup(live, p2.key);
        const pop = live.locator(`.site-popup[data-key="${p2.key}"]`);
        await pop.locator('input.site-correct-value').fill(String(area));
        await pop.locator('button.site-review-correct').click();
        await reviewed(2);
        const h2 = await history(p2.key);
        const r = h2[h2.length - 1] || {};
        checks.equal([r.action, r.value_after], ['correct', area], 'a corrected area is stored with its value');
        checks.equal(await live.locator('#site-map-1 path.site-polygon.status-corrected').count(), 1, 'and drawn as corrected');
    }
    // The server's view agrees once reloaded.
    const served = await (await fetch(`${base}/api/view`)).json();
    const sp = served.site.comparisons[0].polygons.find((p) => p.key === p1.key);
    checks.equal(sp && sp.status, 'accepted', 'the served view shows the polygon accepted');
    checks.equal(await live.locator('#messages .message.error').count(), 0, 'no error on the workbench page');
    checks.equal(live_problems, [], 'no page errors in the workbench');
    checks.equal(live_foreign, [], 'no requests outside the server');
    await live.locator('#site-maps').screenshot({ path: path.join(shots, 'site_workbench.png') });
} finally {
    await browser.close();
    if (child) child.kill('SIGTERM');
}
checks.finish();
