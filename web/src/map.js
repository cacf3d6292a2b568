// The flights map: Leaflet with no tile layer (the report must work offline), a world outline
// from world-atlas (Natural Earth 1:110m, bundled into app.js) drawn as a GeoJSON layer, and one
// great-circle line per flight whose both ends have coordinates. Flights without coordinates are
// in the table only. #map gets data-flights = the number of lines drawn.
import L from 'leaflet';
import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import { el, is_num } from './format.js';

let countries = null;  // converted once: the outline does not change between redraws

export function has_coordinates(f) {
    return is_num(f.from_lat) && is_num(f.from_lon) && is_num(f.to_lat) && is_num(f.to_lon);
}

// Points along the great circle from a to b ([lat, lon] in degrees), by spherical interpolation.
function great_circle(a, b, steps = 48) {
    const rad = Math.PI / 180;
    const to_v = ([lat, lon]) => [Math.cos(lat * rad) * Math.cos(lon * rad), Math.cos(lat * rad) * Math.sin(lon * rad), Math.sin(lat * rad)];
    const va = to_v(a), vb = to_v(b);
    const dot = Math.min(1, Math.max(-1, va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]));
    const omega = Math.acos(dot);
    if (omega < 1e-6) return [a, b];
    const out = [];
    let prev_lon = null;
    for (let i = 0; i <= steps; i++) {
        const t = i / steps;
        const ka = Math.sin((1 - t) * omega) / Math.sin(omega), kb = Math.sin(t * omega) / Math.sin(omega);
        const v = [ka * va[0] + kb * vb[0], ka * va[1] + kb * vb[1], ka * va[2] + kb * vb[2]];
        let lon = Math.atan2(v[1], v[0]) / rad;
        // Keep the line continuous across the antimeridian instead of jumping across the map.
        if (prev_lon !== null) while (lon - prev_lon > 180) lon -= 360;
        if (prev_lon !== null) while (prev_lon - lon > 180) lon += 360;
        prev_lon = lon;
        out.push([Math.atan2(v[2], Math.hypot(v[0], v[1])) / rad, lon]);
    }
    return out;
}

function popup_text(f) {
    return el('div', {},
        el('strong', {}, `${f.from || '?'} → ${f.to || '?'}`), el('br'),
        [f.date, f.aircraft_type, f.operator, f.registration, f.callsign].filter(Boolean).join(' · '));
}

// Draws the map into #map; returns the Leaflet map (to remove on redraw).
export function draw_map(container, flights) {
    container.replaceChildren();
    const map = L.map(container, { attributionControl: false, worldCopyJump: false, zoomSnap: 0.25, minZoom: 1 });
    const drawn = flights.filter(has_coordinates);
    // The view must be set before any layer is added: Leaflet clips paths to the visible bounds.
    const ends = drawn.flatMap((f) => [[f.from_lat, f.from_lon], [f.to_lat, f.to_lon]]);
    if (ends.length) map.fitBounds(L.latLngBounds(ends).pad(0.4), { maxZoom: 6 });
    else map.setView([45, 40], 2);
    if (!countries) countries = feature(world, world.objects.countries);
    L.geoJSON(countries, {
        style: { color: '#ffffff', weight: 0.6, fillColor: '#d4d8dc', fillOpacity: 1 },
        interactive: false,
    }).addTo(map);
    for (const f of drawn) {
        const a = [f.from_lat, f.from_lon], b = [f.to_lat, f.to_lon];
        const colour = f.source === 'adsb' ? '#2166ac' : '#b2182b';
        L.polyline(great_circle(a, b), { color: colour, weight: 2, opacity: 0.8, className: 'flight-line' })
            .bindPopup(popup_text(f)).addTo(map);
        // circle markers, not Leaflet's PNG pins: nothing to fetch. Tooltips get nodes, not
        // strings, which Leaflet would insert as HTML (place names come from scraped text).
        L.circleMarker(a, { radius: 4, color: colour, fillOpacity: 1, className: 'flight-end' }).bindTooltip(el('span', {}, f.from || '')).addTo(map);
        L.circleMarker(b, { radius: 4, color: colour, fillColor: '#fff', fillOpacity: 1, className: 'flight-end' }).bindTooltip(el('span', {}, f.to || '')).addTo(map);
    }
    container.dataset.flights = String(drawn.length);
    return map;
}
