// The four uPlot charts: production per month with its 50% and 90% bands and the claims drawn as
// their bounds and intervals; cumulative production against each contract; launches per month;
// the learning curve. Each chart container gets data-points = the points it drew (every series'
// non-null values, plus claim markers and contract due markers), which the browser tests check
// against the view JSON.
import uPlot from 'uplot';
import { class_colour, el, end_unix_s, is_num, num, percent_interval, to_unix_s } from './format.js';

const BAND_50 = 'rgba(33, 102, 172, 0.30)';
const BAND_90 = 'rgba(33, 102, 172, 0.13)';
const LINE = '#2166ac';
const QUIET = 'rgba(33, 102, 172, 0.35)';

// uPlot draws in local time by default; the view's months are UTC months.
const tz_date = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');

function width_of(node) {
    return Math.max(320, Math.floor(node.clientWidth || 800) - 8);
}

// The five quantile series of an interval field, in the order median, q25, q75, q05, q95, with the
// 50% band between q25/q75 and the 90% band between q05/q95 (uPlot's bands option).
function quantile_series(rows, get, label) {
    const pick = (k) => rows.map((r) => { const i = get(r); return i && is_num(i[k]) ? i[k] : null; });
    return {
        data: [pick('median'), pick('q25'), pick('q75'), pick('q05'), pick('q95')],
        series: [
            { label: `${label} (median)`, stroke: LINE, width: 2, points: { show: false } },
            { label: '25%', stroke: QUIET, width: 0.5, points: { show: false } },
            { label: '75%', stroke: QUIET, width: 0.5, points: { show: false } },
            { label: '5%', stroke: QUIET, width: 0.5, dash: [3, 3], points: { show: false } },
            { label: '95%', stroke: QUIET, width: 0.5, dash: [3, 3], points: { show: false } },
        ],
    };
}

// Bands are given by series index (1-based, x is 0): [upper, lower].
function quantile_bands(first) {
    return [
        { series: [first + 2, first + 1], fill: BAND_50 },
        { series: [first + 4, first + 3], fill: BAND_90 },
    ];
}

function count_points(data, positive_only = false) {
    let n = 0;
    for (let s = 1; s < data.length; s++) {
        for (let i = 0; i < data[s].length; i++) {
            const y = data[s][i];
            if (y === null || !is_num(y)) continue;
            if (positive_only && (y <= 0 || data[0][i] <= 0)) continue;
            n++;
        }
    }
    return n;
}

// Claims about how many are made. Launch or import rates also come per month, but they are not
// production and belong elsewhere.
export const PRODUCTION_METRICS = ['production_rate', 'production_total', 'capacity', 'plan'];

// Which claims the production chart draws: production claims the view gives as units per month,
// with a period to place them on. The tests use the same rule (docs/web.md).
export function production_claims(view) {
    return (view.claims || []).filter((c) => PRODUCTION_METRICS.includes(c.metric) && is_num(c.monthly) &&
        to_unix_s(c.period_start) !== null);
}

// A claim's marker geometry in data units: x at the middle of its period, y its monthly figure,
// and the low/high bounds scaled by the same factor as the value.
function claim_marker(c) {
    const x0 = to_unix_s(c.period_start);
    const x1 = end_unix_s(c.period_end || c.period_start) ?? x0;
    // The view gives the bounds per month too; failing that, they scale as the value does.
    const scale = is_num(c.value) && c.value !== 0 ? c.monthly / c.value : 1;
    const per_month = (m, v) => (is_num(m) ? m : is_num(v) ? v * scale : null);
    return {
        claim: c,
        x0, x1, x: (x0 + x1) / 2, y: c.monthly,
        low: per_month(c.monthly_low, c.low),
        high: per_month(c.monthly_high, c.high),
    };
}

function draw_marker(ctx, m, px, selected) {
    const c = m.claim;
    const colour = class_colour(c.source_class);
    const r = 5 * px;
    ctx.strokeStyle = colour;
    ctx.fillStyle = c.used ? colour : '#ffffff';
    ctx.lineWidth = 1.5 * px;
    ctx.setLineDash([]);  // uPlot leaves the last series' dash pattern on the context
    const { cx, cy, cx0, cx1, clow, chigh } = m.canvas;
    if (cx1 - cx0 > 3 * px) {  // the period the claim covers, as a thin horizontal line
        ctx.beginPath(); ctx.moveTo(cx0, cy); ctx.lineTo(cx1, cy); ctx.stroke();
    }
    ctx.beginPath();
    if (m.off_scale) {  // above the axis: an arrow pointing up at the top edge
        ctx.moveTo(cx - r, cy + r); ctx.lineTo(cx + r, cy + r); ctx.lineTo(cx, cy - r); ctx.closePath();
        ctx.moveTo(cx, cy + r); ctx.lineTo(cx, cy + 2.5 * r);
        ctx.fill(); ctx.stroke();
        return;
    }
    switch (c.qualifier) {
        case 'over':  // a lower bound: an upward triangle sitting on the value
            ctx.moveTo(cx - r, cy); ctx.lineTo(cx + r, cy); ctx.lineTo(cx, cy - 1.7 * r); ctx.closePath();
            break;
        case 'under':  // an upper bound: a downward triangle hanging from the value
            ctx.moveTo(cx - r, cy); ctx.lineTo(cx + r, cy); ctx.lineTo(cx, cy + 1.7 * r); ctx.closePath();
            break;
        case 'range':
            if (clow !== null && chigh !== null) {  // a vertical interval with caps
                ctx.moveTo(cx, clow); ctx.lineTo(cx, chigh);
                ctx.moveTo(cx - r, clow); ctx.lineTo(cx + r, clow);
                ctx.moveTo(cx - r, chigh); ctx.lineTo(cx + r, chigh);
                ctx.stroke();
                ctx.beginPath();
            }
            ctx.arc(cx, cy, r * 0.8, 0, 2 * Math.PI);
            break;
        default:
            ctx.arc(cx, cy, r, 0, 2 * Math.PI);
    }
    ctx.fill(); ctx.stroke();
    if (selected) {
        ctx.beginPath(); ctx.strokeStyle = '#000'; ctx.lineWidth = 2 * px;
        ctx.arc(cx, cy, r * 2.2, 0, 2 * Math.PI); ctx.stroke();
    }
}

// A click on the plot opens the nearest claim marker within 10 CSS pixels (each marker's `css`
// position is set when it is drawn).
function open_claims_on_click(u, markers, on_claim) {
    u.over.addEventListener('click', (e) => {
        const rect = u.over.getBoundingClientRect();
        const x = e.clientX - rect.left, y = e.clientY - rect.top;
        let best = null, best_d = 10;
        for (const m of markers) {
            if (!m.css) continue;
            const d = Math.hypot(m.css.x - x, m.css.y - y);
            if (d <= best_d) { best = m; best_d = d; }
        }
        if (best) on_claim(best.claim.key);
    });
}

function clip_to_plot(u, fn) {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.beginPath(); ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height); ctx.clip();
    fn(ctx);
    ctx.restore();
}

function padded_range(lo, hi) {
    if (!(hi > lo)) return [lo - 1, hi + 1];
    return [Math.min(0, lo), hi + (hi - lo) * 0.06];
}

// Each month's figures sit at the middle of the month, where a claim about that month is drawn.
function months_x(view) {
    return view.months.map((m) => (to_unix_s(m.month) + end_unix_s(m.month)) / 2);
}

function mount(section, title, note) {
    section.replaceChildren(el('h2', {}, title));
    if (note) section.append(el('p', { class: 'note' }, note));
    const box = el('div', { class: 'plot' });
    section.append(box);
    return box;
}

function legend_classes(claims) {
    const seen = [...new Set(claims.map((c) => c.source_class))];
    return el('p', { class: 'legend' },
        seen.map((s) => el('span', { class: 'swatch-item' }, el('span', { class: 'swatch', style: `background:${class_colour(s)}` }), s)),
        el('span', { class: 'swatch-item' }, '● point  ▲ over (lower bound)  ▼ up to (upper bound)  I range;  hollow = not used;  ↑ at the top edge = off the scale'));
}

// Production per month. on_claim(key) is called when a claim marker is clicked.
function production_chart(section, view, state, on_claim) {
    const box = mount(section, 'Production per month',
        'Median with 50% and 90% bands; claims as published, by source class. Click a claim to open its evidence.');
    const claims = production_claims(view);
    const markers = claims.map(claim_marker);
    const q = quantile_series(view.months, (m) => m.production, 'production');
    const data = [months_x(view), ...q.data];
    let x_min = Math.min(...data[0]), x_max = Math.max(...data[0]);
    for (const m of markers) { x_min = Math.min(x_min, m.x0); x_max = Math.max(x_max, m.x1); }
    // The y axis covers the estimate and the claims the model used. A claim it set aside far
    // above that (a plan, a misread) would flatten everything else, so it is pinned to the top
    // edge as an arrow instead; it stays clickable.
    let y_max = Math.max(0, ...q.data.flat().filter(is_num));
    for (const m of markers) if (m.claim.used) y_max = Math.max(y_max, m.y, m.high ?? 0);
    if (y_max === 0) y_max = Math.max(0, ...markers.map((m) => m.high ?? m.y));
    for (const m of markers) {
        const top = Math.max(m.y, m.high ?? 0);
        if (top <= y_max * 1.5) y_max = Math.max(y_max, top);
    }
    for (const m of markers) m.off_scale = m.y > y_max * 1.06;
    const opts = {
        width: width_of(box), height: 340, tzDate: tz_date,
        scales: { x: { time: true, range: () => [x_min - 86400 * 10, x_max + 86400 * 10] }, y: { range: () => padded_range(0, y_max) } },
        series: [{ label: 'month' }, ...q.series],
        bands: quantile_bands(1),
        axes: [{}, { label: 'units per month', size: 70 }],
        hooks: {
            draw: [(u) => clip_to_plot(u, (ctx) => {
                const px = devicePixelRatio || 1;
                for (const m of markers) {
                    const pos = (v, s) => (v === null ? null : u.valToPos(v, s, true));
                    m.canvas = { cx: pos(m.x, 'x'), cy: pos(m.y, 'y'), cx0: pos(m.x0, 'x'), cx1: pos(m.x1, 'x'), clow: pos(m.low, 'y'), chigh: pos(m.high, 'y') };
                    if (m.off_scale) m.canvas.cy = u.bbox.top + 8 * px;
                    // where a click finds it, in CSS pixels of the plot area
                    m.css = { x: m.canvas.cx / px - u.bbox.left / px, y: m.canvas.cy / px - u.bbox.top / px };
                    draw_marker(ctx, m, px, state.selected === m.claim.key);
                }
            })],
        },
    };
    const u = new uPlot(opts, data, box);
    open_claims_on_click(u, markers, on_claim);
    u.over.title = markers.length ? 'Click a claim marker to open its row in the claims table' : '';
    section.append(legend_classes(claims));
    section.dataset.points = String(count_points(data) + markers.length);
    return { u, markers, box };
}

// Cumulative production against each contract: the quantity as a dashed line, the due date as a
// vertical marker with the probability of having reached the quantity by then.
function cumulative_chart(section, view) {
    const box = mount(section, 'Cumulative production against the contracts',
        'Median with 50% and 90% bands; each contract\'s quantity (dashed) and due date (vertical).');
    const q = quantile_series(view.months, (m) => m.cumulative, 'cumulative');
    const contracts = view.contracts || [];
    const palette = ['#b2182b', '#e08214', '#7b3294', '#1b7837'];
    const c_data = contracts.map((c) => view.months.map(() => (is_num(c.quantity) ? c.quantity : null)));
    const data = [months_x(view), ...q.data, ...c_data];
    const dues = contracts.map((c, i) => ({ c, x: to_unix_s(c.due), colour: palette[i % palette.length] })).filter((d) => d.x !== null);
    let x_min = Math.min(...data[0], ...dues.map((d) => d.x)), x_max = Math.max(...data[0], ...dues.map((d) => d.x));
    const y_max = Math.max(0, ...data.slice(1).flat().filter(is_num));
    const opts = {
        width: width_of(box), height: 320, tzDate: tz_date,
        scales: { x: { time: true, range: () => [x_min - 86400 * 10, x_max + 86400 * 10] }, y: { range: () => padded_range(0, y_max) } },
        series: [{ label: 'month' }, ...q.series,
            ...contracts.map((c, i) => ({ label: c.name, stroke: palette[i % palette.length], width: 1.5, dash: [8, 4], points: { show: false } }))],
        bands: quantile_bands(1),
        axes: [{}, { label: 'units made to date', size: 70 }],
        hooks: {
            draw: [(u) => clip_to_plot(u, (ctx) => {
                const px = devicePixelRatio || 1;
                for (const d of dues) {
                    const cx = u.valToPos(d.x, 'x', true);
                    ctx.strokeStyle = d.colour; ctx.lineWidth = 1.5 * px; ctx.setLineDash([2 * px, 3 * px]);
                    ctx.beginPath(); ctx.moveTo(cx, u.bbox.top); ctx.lineTo(cx, u.bbox.top + u.bbox.height); ctx.stroke();
                    ctx.setLineDash([]);
                    if (is_num(d.c.quantity)) {  // a diamond where the contract should stand at its due date
                        const cy = u.valToPos(d.c.quantity, 'y', true), r = 6 * px;
                        ctx.fillStyle = d.colour; ctx.beginPath();
                        ctx.moveTo(cx, cy - r); ctx.lineTo(cx + r, cy); ctx.lineTo(cx, cy + r); ctx.lineTo(cx - r, cy); ctx.closePath(); ctx.fill();
                    }
                }
            })],
        },
    };
    const u = new uPlot(opts, data, box);
    section.append(el('ul', { class: 'contracts' }, contracts.map((c) => el('li', {},
        el('strong', {}, c.name), `: ${num(c.quantity)} by ${c.due || '–'}; `,
        `P(reached by due) ${is_num(c.p_by_due) ? Math.round(c.p_by_due * 100) + '%' : '–'}, `,
        `by the end of the data ${is_num(c.p_by_end) ? Math.round(c.p_by_end * 100) + '%' : '–'}; `,
        `reached (median) ${c.reached_median || 'not by the end'}`,
        c.reached_q05 || c.reached_q95 ? ` (90%: ${c.reached_q05 || '…'} – ${c.reached_q95 || 'later'})` : ''))));
    section.dataset.points = String(count_points(data) + dues.length);
    return { u, box };
}

// Launches per month (bars) with the model's usage; a click on a month shows the CSV rows behind it.
function launches_chart(section, view, on_month) {
    const box = mount(section, 'Launches per month',
        'Launches counted in the data (bars) and the model\'s usage (median, 90% band). Click a month for its rows.');
    const launched = view.months.map((m) => (is_num(m.launched) ? m.launched : null));
    const use = (k) => view.months.map((m) => (m.usage && is_num(m.usage[k]) ? m.usage[k] : null));
    const data = [months_x(view), launched, use('median'), use('q05'), use('q95')];
    const y_max = Math.max(0, ...data.slice(1).flat().filter(is_num));
    const x_pad = 86400 * 16;  // half a month each side, so the first and last bars show whole
    const x_range = [Math.min(...data[0]) - x_pad, Math.max(...data[0]) + x_pad];
    const opts = {
        width: width_of(box), height: 280, tzDate: tz_date,
        scales: { x: { time: true, range: () => x_range }, y: { range: () => padded_range(0, y_max) } },
        series: [{ label: 'month' },
            { label: 'launched', stroke: '#555', fill: 'rgba(120,120,120,0.45)', width: 1, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } },
            { label: 'usage (median)', stroke: '#b2182b', width: 2, points: { show: false } },
            { label: '5%', stroke: 'rgba(178,24,43,0.3)', width: 0.5, points: { show: false } },
            { label: '95%', stroke: 'rgba(178,24,43,0.3)', width: 0.5, points: { show: false } }],
        bands: [{ series: [4, 3], fill: 'rgba(178,24,43,0.12)' }],
        axes: [{}, { label: 'launched per month', size: 70 }],
    };
    const u = new uPlot(opts, data, box);
    const detail = el('div', { class: 'launch-rows', 'aria-live': 'polite' }, 'Click a month to see the rows it was summed from.');
    section.append(detail);
    u.over.addEventListener('click', () => {
        const i = u.cursor.idx;
        if (i !== null && i !== undefined) on_month(view.months[i], detail);
    });
    section.dataset.points = String(count_points(data));
    return { u, box };
}

// Unit-cost claims as the learning curve draws them: each at the model's median cumulative output
// in the middle month of its period, at the cost it states. Prices (what a buyer paid) are not
// costs and stay in the claims table; so do costs from before any output, which have no place on
// a log axis. The tests use the same rule (docs/web.md).
export function learning_claims(view) {
    const cumulative = new Map((view.months || []).map((m) => [m.month, m.cumulative && m.cumulative.median]));
    const out = [];
    for (const c of view.claims || []) {
        if (c.metric !== 'unit_cost' || !is_num(c.value) || c.value <= 0 || !/^USD/.test(c.unit || '')) continue;
        const x0 = to_unix_s(c.period_start), x1 = end_unix_s(c.period_end || c.period_start);
        if (x0 === null || x1 === null) continue;
        const middle = new Date(((x0 + x1) / 2) * 1000).toISOString().slice(0, 7);
        const x = cumulative.get(middle);
        if (is_num(x) && x > 0) out.push({ claim: c, x, y: c.value });
    }
    return out;
}

// Unit cost against cumulative units, both axes logarithmic: a learning curve is a straight line there.
function learning_chart(section, view, on_claim) {
    const box = mount(section, 'Learning curve',
        'Unit cost against cumulative units made (log–log), median with 50% and 90% bands; the cost claims, by source class, at the output reached in their period.');
    const rows = (view.learning_curve || []).filter((r) => is_num(r.cumulative_units) && r.cumulative_units > 0)
        .sort((a, b) => a.cumulative_units - b.cumulative_units);
    const q = quantile_series(rows, (r) => r.unit_cost_usd, 'unit cost');
    // A log scale cannot show zero or less: such values are left out (and not counted).
    for (const s of q.data) for (let i = 0; i < s.length; i++) if (s[i] !== null && s[i] <= 0) s[i] = null;
    const data = [rows.map((r) => r.cumulative_units), ...q.data];
    const markers = learning_claims(view);
    // The axes cover the curve and the claims, in whole powers of ten.
    const span = (values) => { const v = values.filter((x) => is_num(x) && x > 0); return [Math.min(...v), Math.max(...v)]; };
    const [x_lo, x_hi] = span([...data[0], ...markers.map((m) => m.x)]);
    const [y_lo, y_hi] = span([...q.data.flat(), ...markers.map((m) => m.y)]);
    const opts = {
        width: width_of(box), height: 300,
        padding: [12, 36, 0, 0],  // room for the last x label
        scales: {
            x: { time: false, distr: 3, range: () => uPlot.rangeLog(x_lo, x_hi, 10, true) },
            y: { distr: 3, range: () => uPlot.rangeLog(y_lo, y_hi, 10, true) },
        },
        series: [{ label: 'cumulative units', value: (u, v) => num(v) }, ...q.series.map((s) => ({ ...s, value: (u, v) => (v === null ? '–' : `$${num(v)}`) }))],
        bands: quantile_bands(1),
        // uPlot passes null for the log axis ticks it leaves unlabelled
        axes: [{ label: 'cumulative units made', values: (u, vals) => vals.map((v) => (v === null ? '' : num(v))) },
            { label: 'unit cost (USD)', size: 70, values: (u, vals) => vals.map((v) => (v === null ? '' : num(v))) }],
        hooks: {
            draw: [(u) => clip_to_plot(u, (ctx) => {
                const px = devicePixelRatio || 1, r = 5 * px;
                for (const m of markers) {
                    const cx = u.valToPos(m.x, 'x', true), cy = u.valToPos(m.y, 'y', true);
                    m.css = { x: (cx - u.bbox.left) / px, y: (cy - u.bbox.top) / px };
                    const colour = class_colour(m.claim.source_class);
                    ctx.setLineDash([]);
                    ctx.strokeStyle = colour; ctx.fillStyle = m.claim.used ? colour : '#ffffff'; ctx.lineWidth = 1.5 * px;
                    ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
                }
            })],
        },
    };
    const u = new uPlot(opts, data, box);
    open_claims_on_click(u, markers, on_claim);
    if (learning_summary(view)) section.append(el('p', { class: 'note' }, learning_summary(view)));
    if (markers.length) section.append(legend_classes(markers.map((m) => m.claim)));
    section.dataset.points = String(count_points(data, true) + markers.length);
    return { u, box };
}

function learning_summary(view) {
    const lr = view.estimate && view.estimate.learning_rate;
    if (!lr || !is_num(lr.median)) return '';
    return `Learning rate ${percent_interval(lr)}: how much the unit cost falls with each doubling of cumulative output.`;
}

// Draws all four charts into their sections; returns an object to redraw on selection, resize
// and teardown.
export function draw_charts(view, state, handlers) {
    const sec = (id) => document.getElementById(id);
    const charts = {
        production: production_chart(sec('chart-production'), view, state, handlers.on_claim),
        cumulative: cumulative_chart(sec('chart-cumulative'), view),
        launches: launches_chart(sec('chart-launches'), view, handlers.on_month),
        learning: learning_chart(sec('chart-learning'), view, handlers.on_claim),
    };
    return {
        charts,
        redraw() { charts.production.u.redraw(false); },
        resize() { for (const c of Object.values(charts)) c.u.setSize({ width: width_of(c.box), height: c.u.height }); },
        destroy() { for (const c of Object.values(charts)) c.u.destroy(); },
    };
}

