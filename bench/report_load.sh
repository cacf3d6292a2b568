#!/usr/bin/env bash
# Page-load benchmark of the Alabuga report: headless Chromium (Debian's, driven by playwright-core
# from web/node_modules) opens REPORT/index.html from disk N times, each in a fresh browser
# context, and measures
#   - the time from navigation start to the 'load' event (performance navigation timing), and
#   - the time until all four charts are drawn (the moment the fourth chart container gets its
#     data-points attribute, seen by a MutationObserver installed before the page's scripts run).
# Prints the runs and the medians as RESULT lines. Target: under 1 s (docs/web.md).
#
#   bench/report_load.sh                       # makes the report first: reckon run + reckon report
#   REPORT=out/alabuga-report bench/report_load.sh   # time an existing report folder
#
# Knobs: BUILD (build; its reckon makes the report), REPORT (a folder with index.html), N (10),
# RECKON_CHROMIUM (/usr/bin/chromium).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$REPO/build}
N=${N:-10}
CHROMIUM=${RECKON_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}

die() { echo "report_load.sh: $*" >&2; exit 1; }
note() { echo "report_load.sh: $*" >&2; }

[ -n "$CHROMIUM" ] || die "Chromium not found (apt-get install -y chromium, or set RECKON_CHROMIUM)"
[ -d "$REPO/web/node_modules/playwright-core" ] || die "playwright-core missing: (cd $REPO/web && npm ci)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-report-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

if [ -z "${REPORT:-}" ]; then
    [ -x "$BUILD/reckon" ] || die "$BUILD/reckon not built (cmake --build $BUILD --target reckon)"
    note "making the Alabuga report (reckon run + reckon report, about a minute)"
    "$BUILD/reckon" run "$REPO/examples/alabuga" --out "$WORK/run" >/dev/null 2>"$WORK/run.log" ||
        { cat "$WORK/run.log" >&2; die "reckon run failed"; }
    "$BUILD/reckon" report "$REPO/examples/alabuga" --db "$WORK/run/reckon.db" --out "$WORK/report" \
        >/dev/null 2>"$WORK/report.log" || { cat "$WORK/report.log" >&2; die "reckon report failed"; }
    REPORT=$WORK/report
fi
[ -r "$REPORT/index.html" ] || die "$REPORT/index.html not found"
note "page: $REPORT/index.html ($(stat -c %s "$REPORT/index.html") bytes), $N runs, $("$CHROMIUM" --version 2>/dev/null)"

cd "$REPO/web"
RECKON_PAGE="$REPORT/index.html" RECKON_N="$N" RECKON_CHROMIUM="$CHROMIUM" node --input-type=module <<'JS'
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const { chromium } = createRequire(`${process.cwd()}/package.json`)('playwright-core');
const url = pathToFileURL(process.env.RECKON_PAGE).href;
const n = Number(process.env.RECKON_N);
const browser = await chromium.launch({ executablePath: process.env.RECKON_CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
const load = [], drawn = [];
for (let i = 0; i < n; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
        new MutationObserver((records, observer) => {
            if (document.querySelectorAll('section[data-points]').length === 4) {
                window.__charts_drawn_ms = performance.now();
                observer.disconnect();
            }
        }).observe(document, { attributes: true, attributeFilter: ['data-points'], subtree: true });
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__charts_drawn_ms !== undefined, null, { timeout: 30000 });
    const t = await page.evaluate(() => ({
        load: performance.getEntriesByType('navigation')[0].loadEventStart,
        drawn: window.__charts_drawn_ms,
    }));
    load.push(t.load);
    drawn.push(t.drawn);
    console.log(`run ${i + 1}: load ${t.load.toFixed(0)} ms, charts drawn ${t.drawn.toFixed(0)} ms`);
    await context.close();
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`RESULT report_load_median ${median(load).toFixed(0)} ms`);
console.log(`RESULT report_charts_drawn_median ${median(drawn).toFixed(0)} ms`);
JS
