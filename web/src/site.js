// The site maps: one Leaflet map per stored site comparison (view.site.comparisons), with no tile
// layer (the report must work offline). The comparison's quick-looks (before, after, and the
// change overlay) are image layers placed in their WGS84 bounds, one shown at a time, chosen with
// a control that also sets their opacity; the candidate polygons are a GeoJSON layer coloured by
// review status, each with a popup of its area (m², on the WGS84 ellipsoid, as the view holds
// it), class and confidence. Live (reckon serve) the popup also has accept / reject / correct
// buttons; the polygon is restyled from the server's answer. A comparison without bounds (its
// quick-looks moved, or none written) shows its polygons on an empty map, and says so.
//
// Each map's container carries data-polygons (polygons drawn), data-images (image layers) and
// data-layer (the layer shown), for the browser tests. Under each map the polygons are a table
// too (a click on a row opens its popup).
import L from 'leaflet';
import { el, is_num, num } from './format.js';

// Unreviewed candidates stand out; rejected ones fade; corrected ones differ from accepted.
export const STATUS_STYLES = {
    candidate: { color: '#e08214', fillColor: '#fdb863', dashArray: null, fillOpacity: 0.25 },
    accepted: { color: '#1b7837', fillColor: '#7fbf7b', dashArray: null, fillOpacity: 0.3 },
    rejected: { color: '#777777', fillColor: '#bbbbbb', dashArray: '4 4', fillOpacity: 0.1 },
    corrected: { color: '#2166ac', fillColor: '#92c5de', dashArray: null, fillOpacity: 0.3 },
};
const STATUS_NAMES = { candidate: 'not yet reviewed', accepted: 'accepted', rejected: 'rejected', corrected: 'corrected' };
const LAYER_NAMES = { before: 'before', after: 'after', overlay: 'change overlay' };
const ACTION_STATUS = { accept: 'accepted', reject: 'rejected', correct: 'corrected' };

function style(status) {
    const s = STATUS_STYLES[status] || STATUS_STYLES.candidate;
    return { ...s, weight: 2, opacity: 1, className: `site-polygon status-${status}` };
}

// Restyles a polygon's path for a new status; its status-* class follows (Leaflet sets a path's
// className only when it is created).
function restyle(layer, status) {
    layer.setStyle(style(status));
    const path = layer.getElement && layer.getElement();
    if (!path) return;
    for (const c of [...path.classList]) if (c.startsWith('status-')) path.classList.remove(c);
    path.classList.add(`status-${status}`);
}

function area_text(m2) {
    if (!is_num(m2)) return '–';
    return m2 >= 1e6 ? `${num(m2 / 1e6)} km²` : `${Math.round(m2).toLocaleString('en-GB')} m²`;
}

// A polygon's status after a review the server answered with (the stored review).
function apply_review(p, review) {
    p.status = ACTION_STATUS[review.action] || p.status;
    p.area_m2 = review.action === 'reject' ? 0 : review.action === 'correct' && is_num(review.value_after) ? review.value_after : p.value;
    p.review = review;
    p.history = [...(p.history || []), review];
}

function bounds_of(c) {
    const b = c.bounds;
    if (!b || ![b.south, b.west, b.north, b.east].every(is_num)) return null;
    return L.latLngBounds([b.south, b.west], [b.north, b.east]);
}

// The before / after / overlay switch and the opacity slider, as one Leaflet control.
function layer_control(names, first, show, set_opacity) {
    const control = L.control({ position: 'topright' });
    control.onAdd = () => {
        const box = el('div', { class: 'site-layers leaflet-bar' });
        const name = `site-layer-${Math.random().toString(36).slice(2)}`;
        for (const layer of names) {
            const input = el('input', { type: 'radio', name, value: layer, class: `site-layer-${layer}`, onchange: () => show(layer) });
            input.checked = layer === first;
            box.append(el('label', {}, input, ` ${LAYER_NAMES[layer] || layer}`));
        }
        const slider = el('input', { type: 'range', min: 0, max: 1, step: 0.05, value: 1, class: 'site-opacity', 'aria-label': 'image opacity' });
        slider.addEventListener('input', () => set_opacity(Number(slider.value)));
        box.append(el('label', {}, 'opacity ', slider));
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
    };
    return control;
}

// One comparison's map. `review` (live mode only): { submit(polygon, action, value) => the stored
// review (null when nothing was sent), show(text) for an error }.
function draw_comparison(container, c, index, review) {
    const features = (c.polygons || []).filter((p) => p.geometry && p.geometry.type);
    const image_bounds = bounds_of(c);
    const hrefs = Object.entries(c.images || {}).filter(([, href]) => typeof href === 'string' && href);
    const map_box = el('div', { class: 'site-map', id: `site-map-${index + 1}` });
    const note = el('p', { class: 'note' });
    container.append(map_box, note);
    const map = L.map(map_box, { attributionControl: false, zoomSnap: 0.25, minZoom: 1, maxZoom: 22 });
    // The images in a pane of their own under the polygons' (overlayPane, z-index 400).
    map.createPane('site-images').style.zIndex = '350';
    // The view first: Leaflet clips paths to the visible bounds.
    const polygon_layer = L.geoJSON(null, {
        style: (f) => style(f.properties.polygon.status),
        onEachFeature: (f, layer) => layer.bindPopup(() => popup(f.properties.polygon, layer), { minWidth: 220 }),
    });
    for (const p of features) polygon_layer.addData({ type: 'Feature', geometry: p.geometry, properties: { polygon: p } });
    const fit = image_bounds || (features.length ? polygon_layer.getBounds() : null);
    if (fit && fit.isValid()) map.fitBounds(fit.pad(0.05));
    else map.setView([0, 0], 2);

    const images = { shown: null, layers: {}, opacity: 1 };
    if (image_bounds) {
        for (const [layer, href] of hrefs)
            images.layers[layer] = L.imageOverlay(href, image_bounds, { opacity: 1, className: `site-image site-image-${layer}`, interactive: false, pane: 'site-images' });
    }
    const show = (layer) => {
        if (images.shown && images.layers[images.shown]) images.layers[images.shown].remove();
        images.shown = layer;
        if (images.layers[layer]) images.layers[layer].setOpacity(images.opacity).addTo(map);
        map_box.dataset.layer = layer;
    };
    images.set_opacity = (v) => {
        images.opacity = v;
        if (images.shown && images.layers[images.shown]) images.layers[images.shown].setOpacity(v);
    };
    polygon_layer.addTo(map);
    const names = Object.keys(images.layers);
    if (names.length) {
        const first = names.includes('overlay') ? 'overlay' : names.includes('after') ? 'after' : names[0];
        show(first);
        layer_control(names, first, show, images.set_opacity).addTo(map);
    }
    note.append(names.length
        ? `Images: the quick-looks of ${c.before_image} and ${c.after_image}, placed in their WGS84 bounds (stretched into a latitude/longitude box: close enough to check a polygon, not to measure on). `
        : hrefs.length
            ? 'No image layer: the summary.json beside this comparison\'s quick-looks gives no WGS84 bounds for them (not georeferenced, written by an older reckon, or replaced by another comparison since), so only the polygons are shown. '
            : 'No image layer: none of this comparison\'s quick-looks is on disk (site series writes none, or they were moved), so only the polygons are shown. ',
    features.length < (c.polygons || []).length ? `${(c.polygons || []).length - features.length} polygon(s) have no geometry and are in the table only. ` : '',
    'Areas are measured on the WGS84 ellipsoid, not on this map.');
    const layers = new Map();
    polygon_layer.eachLayer((l) => layers.set(l.feature.properties.polygon.key, l));
    const status_cells = new Map();
    const rows = (c.polygons || []).map((p) => {
        const status = el('td', {}, STATUS_NAMES[p.status] || p.status);
        status_cells.set(p.key, status);
        const layer = layers.get(p.key);
        return el('tr', { 'data-key': p.key, class: layer ? 'on-map' : '', onclick: () => layer && layer.openPopup() },
            el('td', {}, el('code', {}, p.key)), el('td', {}, p.class || '–'), el('td', { class: 'num' }, area_text(p.value)),
            el('td', { class: 'num' }, is_num(p.confidence) ? p.confidence.toFixed(2) : '–'), status);
    });
    container.append(el('details', { class: 'site-polygons' },
        el('summary', {}, `the ${rows.length} polygon${rows.length === 1 ? '' : 's'} as a table`),
        el('div', { class: 'table-wrap' }, el('table', {},
            el('thead', {}, el('tr', {}, ['key', 'class', 'area (geodesic)', 'confidence', 'review'].map((h) => el('th', {}, h)))),
            el('tbody', {}, rows)))));
    map_box.dataset.polygons = String(features.length);
    map_box.dataset.images = String(names.length);

    function popup(p, layer) {
        const parts = [
            el('strong', {}, `polygon ${p.polygon}`), ' ', el('code', {}, p.key), el('br'),
            `area ${area_text(p.value)} (geodesic, WGS84)`,
            p.status === 'corrected' || p.status === 'rejected' ? ` · as reviewed ${area_text(p.area_m2)}` : '', el('br'),
            `class ${p.class || '–'} · confidence ${is_num(p.confidence) ? p.confidence.toFixed(2) : '–'} · ${p.pixels ?? '–'} px`, el('br'),
            el('span', { class: 'site-status' }, STATUS_NAMES[p.status] || p.status),
            p.review ? ` by ${p.review.who || '?'}${p.review.note ? `: ${p.review.note}` : ''}` : '',
        ];
        const box = el('div', { class: 'site-popup', 'data-key': p.key }, parts);
        if (!review) return box;
        const value = el('input', { type: 'number', step: 'any', min: 0, class: 'site-correct-value', placeholder: 'm²', 'aria-label': 'corrected area in m²' });
        const act = async (action) => {
            let v;
            if (action === 'correct') {
                v = Number(value.value);
                if (value.value.trim() === '' || !Number.isFinite(v) || v < 0) {
                    value.focus();
                    throw new Error('Correct needs the area in m² (a number, 0 or more) in the box.');
                }
            }
            const stored = await review.submit(p, action, v);
            if (!stored) return;
            apply_review(p, stored);
            restyle(layer, p.status);
            if (status_cells.has(p.key)) status_cells.get(p.key).textContent = STATUS_NAMES[p.status] || p.status;
            review.refresh();
            map_box.dataset.reviewed = String(Number(map_box.dataset.reviewed || 0) + 1);
            layer.setPopupContent(popup(p, layer));
        };
        const b = (action, label) => el('button', { type: 'button', class: `site-review-${action}`, onclick: () => act(action).catch((e) => review.show(e.message)) }, label);
        box.append(el('div', { class: 'review-actions' }, b('accept', 'Accept'), b('reject', 'Reject'), value, b('correct', 'Correct area')));
        return box;
    }

    return {
        map,
        // Opens the popup of the polygon with this key (tests and the console).
        open(key) {
            let found = false;
            polygon_layer.eachLayer((l) => {
                if (!found && l.feature.properties.polygon.key === key) { found = true; l.openPopup(); }
            });
            return found;
        },
        status(key) {
            const p = (c.polygons || []).find((x) => x.key === key);
            return p ? p.status : null;
        },
    };
}

// Draws every comparison of view.site into `section` (hidden when there is none); returns the
// maps, to remove before a redraw.
export function draw_site(section, view, review) {
    const comparisons = (view.site && view.site.comparisons) || [];
    section.replaceChildren();
    section.hidden = comparisons.length === 0;
    if (!comparisons.length) return { maps: [], remove() {} };
    section.append(el('h2', {}, 'Site change on the map'),
        el('p', { class: 'small' }, 'Candidate polygons of changed ground from the stored image comparisons, coloured by review: ',
            Object.entries(STATUS_STYLES).map(([k, s]) => el('span', { class: 'swatch-item' },
                el('span', { class: 'swatch', style: `background:${s.fillColor};border:1px solid ${s.color}` }), STATUS_NAMES[k])),
            review ? ' Click a polygon to review it.' : ' Click a polygon for its area; review it in the workbench (reckon serve).'));
    const maps = comparisons.map((c, i) => {
        const totals = el('span', { class: 'small site-totals' });
        // The totals as the page holds the reviews (a review from the map changes them at once).
        const refresh = () => {
            const polygons = c.polygons || [];
            const sum = (f) => polygons.reduce((t, p) => t + (f(p) && is_num(p.area_m2) ? p.area_m2 : 0), 0);
            totals.textContent = ` · ${c.method || '?'} · ${polygons.length} polygons · ${area_text(c.candidate_m2)} candidate, ` +
                `${area_text(sum((p) => p.status === 'accepted' || p.status === 'corrected'))} accepted, ` +
                `${area_text(sum((p) => p.status === 'candidate'))} not yet reviewed`;
        };
        refresh();
        const box = el('div', { class: 'site-comparison' },
            el('h3', {}, `${c.site || '(unnamed site)'}: ${c.before_date || '?'} → ${c.after_date || '?'}`, totals));
        section.append(box);
        return draw_comparison(box, c, i, review && { ...review, refresh });
    });
    return { maps, remove() { for (const m of maps) m.map.remove(); } };
}
