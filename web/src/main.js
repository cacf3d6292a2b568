// Entry point of the reckon page. In a report the view JSON is inlined before this script as
// window.RECKON_VIEW; under `reckon serve` window.RECKON_LIVE is true and the view comes from
// /api/view. The page builds its own DOM (the host HTML needs nothing but the two script tags and
// the stylesheet), then draws the header, summary, charts, tables and map from the view.
import 'uplot/dist/uPlot.min.css';
import 'leaflet/dist/leaflet.css';
import './app.css';
import { draw_charts } from './charts.js';
import { draw_map, has_coordinates } from './map.js';
import { render_claims, render_flights, render_sources, select_claim } from './tables.js';
import { create_live } from './live.js';
import { draw_site } from './site.js';
import { el, interval, is_num, num, percent_interval } from './format.js';

const state = { selected: null, filters: { metric: '', source_class: '', status: '' } };
let drawn = null;  // { charts, map } of the current view, torn down before a redraw
let live = null;
let renders = 0;

function section(id, cls) {
    return el('section', { id, class: cls || '' });
}

function skeleton(root) {
    root.replaceChildren(
        el('header', { id: 'header' }),
        el('div', { id: 'messages', role: 'alert', 'aria-live': 'assertive' }),
        el('div', { id: 'live-bar', hidden: true }),
        section('summary'),
        el('div', { class: 'charts' },
            section('chart-production', 'chart wide'), section('chart-cumulative', 'chart'),
            section('chart-launches', 'chart'), section('chart-learning', 'chart'),
            section('sources')),
        el('section', { id: 'flights-map' }, el('h2', {}, 'Flights on the map'), el('div', { id: 'map' }),
            el('p', { class: 'note' }, 'World outline: Natural Earth 1:110m (world-atlas). No map tiles, so nothing is fetched.')),
        el('section', { id: 'site-maps', hidden: true }),
        section('flights'),
        section('claims'),
        el('footer', { id: 'footer' }));
}

// Messages stay until dismissed: an error the analyst did not see is an error hidden.
function show(text, kind = 'error') {
    const box = document.getElementById('messages');
    const close = el('button', { type: 'button', class: 'close', 'aria-label': 'dismiss' }, '×');
    const msg = el('div', { class: `message ${kind}` }, text, close);
    close.addEventListener('click', () => msg.remove());
    box.append(msg);
    if (kind === 'info') setTimeout(() => msg.remove(), 8000);
    if (kind === 'error') console.warn(`reckon: ${text}`);
}

function render_header(view) {
    const p = view.programme || {};
    const h = document.getElementById('header');
    h.replaceChildren(
        el('h1', {}, p.name || 'reckon'),
        el('p', { class: 'sub' }, [p.product && `product: ${p.product}`, p.start && `${p.start} to ${p.end || '…'}`,
            p.producers && p.producers.length && `producers: ${p.producers.join(', ')}`].filter(Boolean).join(' · ')),
        el('p', { class: 'small' }, `${view.mode === 'live' ? 'Live workbench' : 'Report'} · generated ${view.generated_at || '?'}`,
            p.file ? ` · ${p.file}` : ''));
    document.title = `${p.name || 'reckon'} — reckon`;
}

function render_summary(view) {
    const e = view.estimate || {};
    const warnings = e.warnings || [];
    const diag = [`seed ${e.seed ?? '–'}`, `${e.chains ?? '–'} chains × ${e.draws ?? '–'} draws (warm-up ${e.warmup ?? '–'})`,
        `divergences ${e.divergences ?? '–'}`, `max R̂ ${is_num(e.max_rhat) ? e.max_rhat.toFixed(3) : '–'}`,
        `min bulk ESS ${is_num(e.min_ess_bulk) ? Math.round(e.min_ess_bulk) : '–'}`];
    const files = Object.entries(view.files || {}).filter(([k, f]) => k !== 'index_html' && typeof f === 'string' && !/^[a-z]+:/i.test(f));
    document.getElementById('summary').replaceChildren(
        el('h2', {}, 'Estimate'),
        el('div', { class: 'figures' },
            el('div', { class: 'figure' }, el('div', { class: 'label' }, 'made in total'), el('div', { class: 'value', id: 'total' }, interval(e.total))),
            el('div', { class: 'figure' }, el('div', { class: 'label' }, 'learning rate (cost fall per doubling)'), el('div', { class: 'value' }, percent_interval(e.learning_rate))),
            el('div', { class: 'figure' }, el('div', { class: 'label' }, 'claims'),
                el('div', { class: 'value' }, `${num((view.claims || []).filter((c) => c.used).length)} used of ${num((view.claims || []).length)}`))),
        el('p', { class: 'small diagnostics' }, diag.join(' · '),
            e.evidence_consistent === false ? el('strong', { class: 'warn' }, ' · the evidence disagrees with itself') : ''),
        warnings.length ? el('ul', { class: 'warnings' }, warnings.map((w) => el('li', {}, w))) : '',
        files.length ? el('p', { class: 'small files' }, 'Files beside this page: ',
            files.flatMap(([, f], i) => [i ? ', ' : '', el('a', { href: f }, f)])) : '');
}

// The rows behind a launch month, named by file and line so they can be checked by hand.
function on_month(month, detail) {
    const rows = month.launch_rows;
    const parts = [el('strong', {}, month.month), `: ${is_num(month.launched) ? num(month.launched) + ' launched' : 'no launch count'}`];
    if (rows && rows.file) {
        const linked = Object.values(state.view.files || {}).includes(rows.file);
        parts.push(' — from ', linked ? el('a', { href: rows.file }, rows.file) : el('code', {}, rows.file),
            `, line${rows.lines && rows.lines.length === 1 ? '' : 's'} ${(rows.lines || []).join(', ') || '–'}`);
    } else {
        parts.push(' — no rows in the launch data for this month');
    }
    detail.replaceChildren(...parts);
    detail.dataset.month = month.month;
}

function on_claim(key) {
    const claims = document.getElementById('claims');
    select_claim(claims, state, key, true);
    drawn && drawn.charts.redraw();
}

function render(view) {
    if (!view || view.reckon_view !== 1) {
        show('This page has no reckon view to show (window.RECKON_VIEW is missing or not version 1).', 'error');
        return;
    }
    state.view = view;
    if (drawn) { drawn.charts.destroy(); drawn.map.remove(); drawn.site.remove(); }
    render_header(view);
    render_summary(view);
    const charts = draw_charts(view, state, { on_claim, on_month });
    render_sources(document.getElementById('sources'), view);
    const map = draw_map(document.getElementById('map'), view.flights || []);
    const site = draw_site(document.getElementById('site-maps'), view, live ? live.site_review : null);
    render_flights(document.getElementById('flights'), view, has_coordinates);
    render_claims(document.getElementById('claims'), view, state, live ? live.actions : null);
    drawn = { charts, map, site };
    document.getElementById('footer').replaceChildren('Made by reckon. Every figure links to its evidence: click a claim on the chart, a launch month, or a document title.');
    document.body.dataset.renders = String(++renders);
    // For the browser tests and the console: the view, the uPlot instances, and where each claim
    // marker sits on the screen (so a test can click one as a person would).
    window.reckon = {
        view, state,
        site_maps: site.maps,
        plots: Object.fromEntries(Object.entries(charts.charts).map(([k, c]) => [k, c.u])),
        claim_markers() {
            const p = charts.charts.production;
            const r = p.u.over.getBoundingClientRect();
            return p.markers.filter((m) => m.css).map((m) => ({ key: m.claim.key, x: r.left + m.css.x, y: r.top + m.css.y }));
        },
    };
}

function boot() {
    const root = document.getElementById('app') || document.body;
    skeleton(root);
    let resize_timer = null;
    window.addEventListener('resize', () => {
        clearTimeout(resize_timer);
        resize_timer = setTimeout(() => drawn && drawn.charts.resize(), 150);
    });
    window.addEventListener('error', (e) => show(`Page error: ${e.message}`, 'error'));
    window.addEventListener('unhandledrejection', (e) => show(`Page error: ${e.reason && e.reason.message ? e.reason.message : e.reason}`, 'error'));
    if (window.RECKON_LIVE === true) {
        const bar = document.getElementById('live-bar');
        bar.hidden = false;
        live = create_live({ show, render, bar });
        live.start().catch((e) => show(e.message, 'error'));
        return;
    }
    try {
        render(window.RECKON_VIEW);
    } catch (e) {
        show(`Could not draw the report: ${e.message}`, 'error');
        throw e;
    }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();

