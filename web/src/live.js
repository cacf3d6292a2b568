// Live mode (reckon serve): loads the view from /api/view, and lets the analyst review claims and
// re-run the estimate. Every change carries the token the server printed at start (kept in
// sessionStorage, so it is gone when the tab closes). Every failure is shown in the message area.
import { el } from './format.js';

const TOKEN_KEY = 'reckon.token';
const WHO_KEY = 'reckon.who';

// fetch + JSON with the server's error text surfaced: "403 Forbidden: wrong token".
async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
        headers['X-Reckon-Token'] = sessionStorage.getItem(TOKEN_KEY) || '';
        headers['Content-Type'] = 'application/json';
    }
    let res;
    try {
        res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
        throw new Error(`${method} ${path}: the server did not answer (${e.message})`);
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
    if (!res.ok) {
        const why = (json && (json.error || json.message)) || text || res.statusText;
        const error = new Error(`${method} ${path}: ${res.status} ${res.statusText} — ${why}`);
        error.status = res.status;
        error.body = json;
        throw error;
    }
    return json;
}

export function create_live(ui) {
    // ui: { show(text, kind), render(view), bar } — bar is the element to fill with controls.
    let polling = null;
    let watching = false;  // true from starting (or seeing) an estimate until it ends
    const token = el('input', { type: 'password', id: 'token', placeholder: 'token printed by reckon serve', size: 34, autocomplete: 'off' });
    token.value = sessionStorage.getItem(TOKEN_KEY) || '';
    token.addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, token.value.trim()));
    const who = el('input', { type: 'text', id: 'who', placeholder: 'your name', size: 14 });
    who.value = sessionStorage.getItem(WHO_KEY) || '';
    who.addEventListener('input', () => sessionStorage.setItem(WHO_KEY, who.value.trim()));
    const progress = el('progress', { id: 'estimate-progress', max: 1, value: 0, hidden: true });
    const status = el('span', { id: 'estimate-status' });
    const button = el('button', { id: 're-estimate', type: 'button' }, 'Re-estimate');
    ui.bar.replaceChildren(el('label', {}, 'Token ', token), el('label', {}, 'Reviewer ', who), button, progress, status);

    const need_token = () => {
        if (token.value.trim()) return true;
        ui.show('Enter the token that reckon serve printed at start before making changes.', 'error');
        token.focus();
        return false;
    };

    async function reload() {
        ui.render(await api('GET', '/api/view'));
    }

    // Until the server's first estimate is done the view answers 503 {"state": "estimating"}: the
    // page shows the estimate's progress and draws the view by itself when it is ready.
    // document.body.dataset.firstView records what the page met first ("estimating" or "ready").
    async function first_view() {
        for (;;) {
            try {
                await reload();
                if (!document.body.dataset.firstView) document.body.dataset.firstView = 'ready';
                progress.hidden = true;
                if (status.dataset.state === 'estimating') {
                    status.textContent = 'ready';
                    status.dataset.state = 'ready';
                }
                return;
            } catch (e) {
                if (e.status !== 503 || !e.body || e.body.state !== 'estimating') throw e;
            }
            if (!document.body.dataset.firstView) document.body.dataset.firstView = 'estimating';
            const s = await api('GET', '/api/status');
            if (s.view === 'failed') throw new Error('The server\'s first estimate failed; see the messages reckon serve printed.');
            const fraction = typeof s.fraction === 'number' ? s.fraction : 0;
            progress.hidden = false;
            progress.value = fraction;
            button.disabled = true;
            status.textContent = `estimating the first view: ${Math.round(fraction * 100)}%`;
            status.dataset.state = 'estimating';
            document.body.dataset.estimatingShown = status.textContent;
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }

    async function poll() {
        const s = await api('GET', '/api/estimate/status');
        progress.hidden = s.state !== 'running';
        progress.value = typeof s.fraction === 'number' ? s.fraction : 0;
        status.textContent = `${s.state}${s.message ? `: ${s.message}` : ''}`;
        status.dataset.state = s.state;
        if (s.state === 'running') {
            watching = true;
            button.disabled = true;
            polling = setTimeout(() => poll().catch((e) => { button.disabled = false; ui.show(e.message, 'error'); }), 400);
            return;
        }
        button.disabled = false;
        polling = null;
        if (!watching) return;
        watching = false;
        if (s.state === 'done') {
            await reload();
            ui.show(`Estimate ${s.job ?? ''} done; the page shows it.`, 'info');
        } else if (s.state === 'failed') {
            ui.show(`The estimate failed: ${s.message || 'no reason given'}`, 'error');
        }
    }

    button.addEventListener('click', async () => {
        if (!need_token()) return;
        try {
            await api('POST', '/api/estimate', {});
            watching = true;
            status.textContent = 'started';
        } catch (e) {
            ui.show(e.message, 'error');
            if (!/ 409 /.test(e.message)) return;
            watching = true;  // already running: follow that one
        }
        if (!polling) poll().catch((e) => ui.show(e.message, 'error'));
    });

    async function review(claim, action, value_input, note_input) {
        if (!need_token()) return;
        const body = { action, who: who.value.trim() || 'analyst' };
        if (note_input.value.trim()) body.note = note_input.value.trim();
        if (action === 'correct') {
            const v = Number(value_input.value);
            if (value_input.value.trim() === '' || !Number.isFinite(v)) {
                ui.show('Correct needs a number in the value box.', 'error');
                value_input.focus();
                return;
            }
            body.value = v;
        }
        try {
            await api('POST', `/api/claims/${encodeURIComponent(claim.key)}/review`, body);
            ui.show(`Saved: ${action} of ${claim.metric} ${claim.value}. Re-estimate to see its effect.`, 'info');
            await reload();
        } catch (e) {
            ui.show(e.message, 'error');
        }
    }

    // A review of a site polygon from its popup on the site map: stored like a claim's review
    // (its key is site:…), answered with the stored review, from which the map restyles the
    // polygon. Returns null when nothing was sent (no token).
    const site_review = {
        async submit(polygon, action, value) {
            if (!need_token()) return null;
            const body = { action, who: who.value.trim() || 'analyst' };
            if (action === 'correct') body.value = value;
            const stored = await api('POST', `/api/claims/${encodeURIComponent(polygon.key)}/review`, body);
            ui.show(`Saved: ${action} of site polygon ${polygon.key}. Re-estimate to see it in the report's figures.`, 'info');
            return stored;
        },
        show: (text) => ui.show(text, 'error'),
    };

    // The review controls of one claim row.
    function actions(claim) {
        const value = el('input', { type: 'number', step: 'any', class: 'correct-value', placeholder: 'value', size: 8, 'aria-label': 'corrected value' });
        const note = el('input', { type: 'text', class: 'review-note', placeholder: 'note', size: 10, 'aria-label': 'note' });
        const b = (action, label) => el('button', { type: 'button', class: `review-${action}`, onclick: () => review(claim, action, value, note) }, label);
        return el('div', { class: 'review-actions' }, b('accept', 'Accept'), b('reject', 'Reject'), value, b('correct', 'Correct'), note);
    }

    return {
        actions,
        site_review,
        async start() {
            await first_view();
            button.disabled = false;
            await poll();  // an estimate may already be running
        },
    };
}
