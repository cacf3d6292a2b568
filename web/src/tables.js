// The tables: source bias, flights and claims. The claims table has one <tr data-key> per claim
// (filtered rows are hidden, not removed) with the sentence and its document, so every figure on
// the production chart opens its evidence. Live mode adds review buttons through `actions`.
import { class_colour, claim_figure, el, est, interval, is_num, num, period_text, safe_url } from './format.js';

// Wide tables scroll sideways inside their section rather than widening the page.
function table(head, rows) {
    return el('div', { class: 'table-wrap' },
        el('table', {}, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))), el('tbody', {}, rows)));
}

function host_of(url) {
    try { return new URL(url).hostname.replace(/^www\./, ''); } catch { return null; }
}

// The document a claim came from, linked to its address, and the CSV row for a tabled claim.
// Live mode can open a stored document by its SHA-256 when it has no web address.
function document_link(doc, file, line, live = false) {
    const parts = [];
    if (doc) {
        let url = safe_url(doc.url);
        if (!url && live && /^[0-9a-f]{64}$/.test(doc.sha256 || '')) url = `/api/documents/${doc.sha256}`;
        const title = doc.title || doc.path || (url && host_of(url)) || (doc.sha256 ? doc.sha256.slice(0, 12) : 'document');
        parts.push(url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : el('span', {}, title));
    }
    if (file) parts.push(el('span', { class: 'file' }, `${parts.length ? ' · ' : ''}${line ? `${file}, line ${line}` : file}`));
    return parts;
}

// "+5% (90%: -20% to +33%)": the sign matters, a source class either over- or under-states.
function bias_text(i) {
    if (!i || !is_num(i.median)) return '–';
    const p = (x) => (is_num(x) ? `${x > 0 ? '+' : ''}${Math.round(x)}%` : '–');
    return `${p(i.median)} (90%: ${p(i.q05)} to ${p(i.q95)})`;
}

function noise_text(i) {
    if (!i || !is_num(i.median)) return '–';
    const f = (x) => (is_num(x) ? x.toFixed(2) : '–');
    return `${f(i.median)} (90%: ${f(i.q05)} to ${f(i.q95)})`;
}

export function render_sources(section, view) {
    const rows = (view.sources || []).map((s) => el('tr', {},
        el('td', {}, el('span', { class: 'swatch', style: `background:${class_colour(s.source_class)}` }), s.source_class),
        el('td', { class: 'num' }, num(s.observations)),
        el('td', { class: 'num' }, bias_text(s.bias_percent)),
        el('td', { class: 'num' }, noise_text(s.noise))));
    section.replaceChildren(el('h2', {}, 'Source bias'),
        el('p', { class: 'note' }, 'How far each class of source over- or under-states, as the model estimates it (90% intervals); noise is on the log scale.'),
        table(['source class', 'claims', 'bias', 'noise'], rows));
}

export function render_flights(section, view, has_coordinates) {
    const flights = view.flights || [];
    const rows = flights.map((f) => el('tr', { class: has_coordinates(f) ? '' : 'no-coords' },
        el('td', {}, f.date || ''),
        el('td', {}, `${f.from || '?'}${f.from_country ? ` (${f.from_country})` : ''}${f.from_inferred ? ' [inferred]' : ''} → ${f.to || '?'}${f.to_country ? ` (${f.to_country})` : ''}${f.to_inferred ? ' [inferred]' : ''}`,
            has_coordinates(f) ? '' : el('span', { class: 'tag' }, 'not on map')),
        el('td', {}, f.aircraft_type || ''),
        el('td', {}, [f.operator, f.registration, f.callsign, f.icao24].filter(Boolean).join(' · ')),
        el('td', {}, [f.departure_time, f.arrival_time].filter(Boolean).join(' → ')),
        el('td', {}, f.source || '', f.rule ? el('div', { class: 'small' }, f.rule) : ''),
        el('td', {}, f.sentence ? el('q', {}, f.sentence) : '', f.document ? el('div', { class: 'small' }, document_link(f.document, null, null, view.mode === 'live')) : '')));
    section.replaceChildren(el('h2', {}, `Flights (${flights.length})`),
        flights.length ? table(['date', 'route', 'aircraft', 'operator / registration', 'times (UTC)', 'source', 'evidence'], rows)
            : el('p', { class: 'note' }, 'No flights were found.'));
}

function review_text(r) {
    if (!r) return '';
    let text = `${r.action} by ${r.who || '?'}`;
    if (r.action === 'correct' && is_num(r.value_after)) text += ` → ${num(r.value_after)}`;
    return text + (r.at ? ` (${r.at})` : '');
}

function history_list(history) {
    if (!history || !history.length) return '';
    return el('details', { class: 'history' }, el('summary', {}, `history (${history.length})`),
        el('ol', {}, history.map((r) => {
            const before = [r.value_before, r.low_before, r.high_before].some(is_num) ? `before ${num(r.value_before)}` : '';
            const after = [r.value_after, r.low_after, r.high_after].some(is_num) ? `, after ${num(r.value_after)}` : '';
            return el('li', { class: 'review-entry' }, `${r.at || ''} ${r.who || '?'}: ${r.action}`,
                before || after ? ` (${before}${after})` : '', r.note ? ` — ${r.note}` : '');
        })));
}

function options(select, label, values, current) {
    select.replaceChildren(el('option', { value: '' }, `all ${label}`),
        ...values.map((v) => el('option', { value: v, selected: v === current }, v)));
}

// Short status class for styling and filtering: the view's status text can be a sentence.
// ("observation", "target", "set aside").
function status_kind(c) {
    return (c.status || (c.used ? 'used' : 'not used')).split(':')[0].trim();
}

// state.filters {metric, source_class, status} and state.selected persist across redraws.
// actions(claim) → node or null (live mode's review controls).
export function render_claims(section, view, state, actions) {
    const claims = view.claims || [];
    const distinct = (f) => [...new Set(claims.map(f).filter(Boolean))].sort();
    const selects = {
        metric: el('select', { 'aria-label': 'metric' }),
        source_class: el('select', { 'aria-label': 'source class' }),
        status: el('select', { 'aria-label': 'status' }),
    };
    options(selects.metric, 'metrics', distinct((c) => c.metric), state.filters.metric);
    options(selects.source_class, 'source classes', distinct((c) => c.source_class), state.filters.source_class);
    options(selects.status, 'statuses', distinct(status_kind), state.filters.status);
    const count = el('span', { class: 'count' });
    const rows = claims.map((c) => {
        // The model's fit of the claim, or for a target (a plan) the probability it was met.
        let fit = c.fit && is_num(c.fit.median) ? interval(c.fit) : '–';
        if (is_num(c.p_met)) fit = `${fit === '–' ? '' : `${fit}; `}P(met) ${Math.round(c.p_met * 100)}%`;
        const tr = el('tr', { dataset: { key: c.key, metric: c.metric || '', sourceClass: c.source_class || '', status: status_kind(c) }, class: c.used ? 'used' : 'unused' },
            el('td', {}, c.metric || '', c.product ? el('div', { class: 'small' }, c.product) : ''),
            el('td', { class: 'num' }, claim_figure(c), el('div', { class: 'small' }, period_text(c))),
            el('td', { class: 'num' }, is_num(c.monthly) ? num(c.monthly) : '–'),
            el('td', { class: 'num' }, fit),
            el('td', {}, el('span', { class: 'swatch', style: `background:${class_colour(c.source_class)}` }), c.source_class || '',
                c.attribution ? el('div', { class: 'small' }, c.attribution) : '', c.reported ? el('div', { class: 'small' }, `reported ${c.reported}`) : ''),
            el('td', { class: 'status' }, c.status || ''),
            el('td', { class: 'review' }, review_text(c.review), history_list(c.history)),
            el('td', { class: 'evidence' }, c.sentence ? el('q', {}, c.sentence) : '',
                el('div', { class: 'small' }, document_link(c.document, c.file, c.line, view.mode === 'live'))),
            actions ? el('td', { class: 'actions' }, actions(c)) : null);
        tr.addEventListener('click', (e) => {
            if (e.target.closest('a, button, input, details')) return;
            select_claim(section, state, c.key, false);
        });
        return tr;
    });
    const apply = () => {
        let shown = 0;
        for (const tr of rows) {
            const d = tr.dataset;
            const ok = (!state.filters.metric || d.metric === state.filters.metric) &&
                (!state.filters.source_class || d.sourceClass === state.filters.source_class) &&
                (!state.filters.status || d.status === state.filters.status);
            tr.hidden = !ok;
            if (ok) shown++;
        }
        count.textContent = `${shown} of ${claims.length} claims`;
    };
    for (const [k, s] of Object.entries(selects)) s.addEventListener('change', () => { state.filters[k] = s.value; apply(); });
    const head = ['metric', 'figure', 'per month', 'model fit', 'source', 'status', 'review', 'sentence and document'];
    if (actions) head.push('review it');
    section.replaceChildren(el('h2', {}, 'Claims'),
        el('div', { class: 'filters' }, 'Filter: ', selects.metric, selects.source_class, selects.status, count),
        table(head, rows));
    apply();
    if (state.selected) select_claim(section, state, state.selected, false);
}

// Marks a claim's row as selected; with scroll, clears filters that hide it and scrolls to it.
export function select_claim(section, state, key, scroll) {
    state.selected = key;
    let target = null;
    for (const tr of section.querySelectorAll('tr[data-key]')) {
        const on = tr.dataset.key === key;
        tr.classList.toggle('selected', on);
        if (on) target = tr;
    }
    if (target && scroll) {
        if (target.hidden) {
            state.filters = { metric: '', source_class: '', status: '' };
            for (const s of section.querySelectorAll('.filters select')) { s.value = ''; s.dispatchEvent(new Event('change')); }
        }
        target.scrollIntoView({ block: 'center' });
    }
    return target;
}
