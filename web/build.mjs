// Builds the reckon front end into exactly two files, app.js and app.css, that the report embeds
// and the server serves (Contract 3). Everything the page needs is inside them: uPlot, Leaflet,
// the world outline and Leaflet's CSS, so a report opened from disk fetches nothing.
//
//   npm run build -- --outDir DIR      or      RECKON_WEB_OUT=DIR npm run build
//
// The default out dir is web/dist. After building, the bundle is scanned for http(s) URLs in
// places the browser would fetch (CSS url(), src/href attributes, fetch()); any found fails the
// build, because the report must work offline.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function out_dir() {
    const args = process.argv.slice(2);
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '--outDir' || args[i] === '--out-dir') {
            if (i + 1 >= args.length) throw new Error('--outDir needs a directory');
            return path.resolve(args[i + 1]);
        }
        const m = /^--out-?[dD]ir=(.+)$/.exec(args[i]);
        if (m) return path.resolve(m[1]);
        throw new Error(`unknown argument ${args[i]}; usage: npm run build -- --outDir DIR`);
    }
    if (process.env.RECKON_WEB_OUT) return path.resolve(process.env.RECKON_WEB_OUT);
    return path.join(here, 'dist');
}

// Leaflet's CSS names PNGs for the layers control and the default marker; the page uses neither
// (circle markers, no layers control), so they are dropped instead of inlined.
const drop_images = {
    name: 'drop-images',
    setup(build) {
        build.onResolve({ filter: /\.(png|gif|jpe?g|svg)$/ }, (args) => ({ path: args.path, namespace: 'dropped' }));
        build.onLoad({ filter: /.*/, namespace: 'dropped' }, () => ({ contents: '', loader: 'empty' }));
    },
};

// URLs the page would fetch by itself. Plain strings such as the SVG namespace or a link's text
// are not fetches; links the analyst clicks (claim documents) come from the view, not the bundle.
function fetched_urls(text) {
    const found = [];
    const patterns = [
        /url\(\s*['"]?(https?:\/\/[^'")\s]+)/g,
        /@import\s+['"](https?:\/\/[^'"]+)/g,
        /\bsrc\s*=\s*\\?['"](https?:\/\/[^'"\\]+)/g,
        /<link\b[^>]*\bhref\s*=\s*\\?['"](https?:\/\/[^'"\\]+)/g,
        /\bfetch\(\s*['"`](https?:\/\/[^'"`]+)/g,
        /\b(?:importScripts|import)\(\s*['"`](https?:\/\/[^'"`]+)/g,
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
    return found;
}

const dir = out_dir();
fs.mkdirSync(dir, { recursive: true });
const result = await esbuild.build({
    entryPoints: [path.join(here, 'src', 'main.js')],
    bundle: true,
    minify: !process.env.RECKON_WEB_DEBUG,
    format: 'iife',
    target: ['es2020'],
    outfile: path.join(dir, 'app.js'),
    loader: { '.json': 'json' },
    plugins: [drop_images],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
});
const written = Object.keys(result.metafile.outputs).map((f) => path.basename(f)).sort();
if (written.join(',') !== 'app.css,app.js') throw new Error(`expected app.js and app.css, esbuild wrote ${written}`);
// The dropped images leave empty url() declarations behind; take them out rather than leave the
// browser a URL to resolve.
const css_file = path.join(dir, 'app.css');
fs.writeFileSync(css_file, fs.readFileSync(css_file, 'utf8').replace(/background-image:\s*url\(\s*\)\s*;?/g, ''));
for (const name of written) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    // The report inlines both files into index.html, where these would end the element early.
    const closer = name === 'app.js' ? /<\/script/i : /<\/style/i;
    if (closer.test(text)) throw new Error(`${name} contains ${closer.source}: it could not be inlined in a page`);
    const urls = fetched_urls(text);
    if (urls.length) throw new Error(`${name} would fetch ${urls.join(', ')}; the report must work offline`);
    const mentioned = [...new Set(text.match(/https?:\/\/[^'"`\s)<>\\]+/g) || [])];
    console.log(`${path.join(dir, name)}  ${(text.length / 1024).toFixed(0)} KiB` +
        (mentioned.length ? `  (URLs named but not fetched: ${mentioned.join(' ')})` : ''));
}
