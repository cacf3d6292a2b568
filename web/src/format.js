// Small formatting and DOM helpers shared by the views. Everything that reaches the page from the
// view JSON goes through text nodes and attribute setters (el), never through innerHTML: claim
// sentences and document titles come from scraped text.

// One colour per source class (core::SourceClass), kept apart enough to tell on a chart and in the table legend.
export const CLASS_COLOURS = {
    official: '#1b7837',
    intelligence: '#7b3294',
    analyst: '#e08214',
    company: '#2166ac',
    media: '#b2182b',
    unattributed: '#666666',
};

export function class_colour(source_class) {
    return CLASS_COLOURS[source_class] || CLASS_COLOURS.unattributed;
}

// el('td', {class: 'num'}, 'text', childNode, ...): children are strings (as text) or nodes.
export function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) continue;
        if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
        else if (k === 'dataset') Object.assign(node.dataset, v);
        else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
        if (c === null || c === undefined || c === false) continue;
        node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
}

export function is_num(x) {
    return typeof x === 'number' && Number.isFinite(x);
}

// Figures rounded to what the estimate can support: three significant digits at most.
export function num(x, digits = 3) {
    if (!is_num(x)) return '–';
    const abs = Math.abs(x);
    if (abs >= 1000) return Math.round(x).toLocaleString('en-GB');
    if (abs === 0) return '0';
    return Number(x.toPrecision(digits)).toLocaleString('en-GB', { maximumFractionDigits: 6 });
}

// An estimated figure, to the three significant digits the sampling supports: 87,405 → 87,400.
// Counts from the data and figures as written stay exact (num).
export function est(x) {
    if (!is_num(x) || x === 0) return num(x);
    const digits = Math.floor(Math.log10(Math.abs(x))) + 1;
    if (digits <= 3) return num(x);
    const unit = Math.pow(10, digits - 3);
    return num(Math.round(x / unit) * unit);
}

// "median (90%: q05 to q95)" for an interval object I.
export function interval(i, unit = '') {
    if (!i || !is_num(i.median)) return '–';
    const u = unit ? ` ${unit}` : '';
    return `${est(i.median)}${u} (90%: ${est(i.q05)} to ${est(i.q95)})`;
}

// A fraction interval as percentages: the learning rate, "16% (90%: -6% to 32%)".
export function percent_interval(i) {
    if (!i || !is_num(i.median)) return '–';
    const p = (x) => (is_num(x) ? `${Math.round(x * 100)}%` : '–');
    return `${p(i.median)} (90%: ${p(i.q05)} to ${p(i.q95)})`;
}

// "YYYY-MM" or "YYYY-MM-DD" → unix seconds (UTC). Missing day = the first of the month.
export function to_unix_s(date) {
    if (!date) return null;
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
    if (!m) return null;
    return Date.UTC(+m[1], +m[2] - 1, m[3] ? +m[3] : 1) / 1000;
}

// The last second of a period end: "2023-05" means the whole of May.
export function end_unix_s(date) {
    if (!date) return null;
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
    if (!m) return null;
    if (m[3]) return Date.UTC(+m[1], +m[2] - 1, +m[3] + 1) / 1000 - 1;
    return Date.UTC(+m[1], +m[2], 1) / 1000 - 1;
}

// How a claim's figure was written: "over 300 unit/month", "400–500 unit/month".
export function claim_figure(c) {
    const unit = c.unit ? ` ${c.unit}` : '';
    switch (c.qualifier) {
        case 'over': return `over ${num(c.value)}${unit}`;
        case 'under': return `up to ${num(c.value)}${unit}`;
        case 'approx': return `about ${num(c.value)}${unit}`;
        case 'average': return `on average ${num(c.value)}${unit}`;
        case 'range':
            if (is_num(c.low) && is_num(c.high)) return `${num(c.low)}–${num(c.high)}${unit}`;
            return `${num(c.value)}${unit}`;
        default: return `${num(c.value)}${unit}`;
    }
}

export function period_text(c) {
    if (!c.period_start && !c.period_end) return '';
    if (c.period_start === c.period_end || !c.period_end) return c.period_start;
    return `${c.period_start} … ${c.period_end}`;
}

// Only http(s) links become anchors; anything else in a document's url is shown as text.
export function safe_url(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}
