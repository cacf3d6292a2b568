// Development fallback only: writes OUT/index.html with app.css, a view JSON and app.js inlined,
// the way `reckon report` does, so the front end can be tried before (or without) a reckon
// binary. The ctest tests use the real `reckon report` output, never this page.
//
//   node tests/browser/make_page.mjs VIEW.json BUNDLE_DIR OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const [view_file, bundle_dir, out_dir] = process.argv.slice(2);
if (!out_dir) {
    console.error('usage: node make_page.mjs VIEW.json BUNDLE_DIR OUT_DIR');
    process.exit(2);
}
const view = JSON.parse(fs.readFileSync(view_file, 'utf8'));
const css = fs.readFileSync(path.join(bundle_dir, 'app.css'), 'utf8');
const js = fs.readFileSync(path.join(bundle_dir, 'app.js'), 'utf8');
// "</" would end the inline script early; "<\/" means the same to JavaScript.
const inline = (text) => text.replace(/<\//g, '<\\/');
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>reckon</title>
<style>${css.replace(/<\/style/gi, '<\\/style')}</style>
</head><body>
<script>window.RECKON_VIEW = ${inline(JSON.stringify(view))};</script>
<script>${inline(js)}</script>
</body></html>
`;
fs.mkdirSync(out_dir, { recursive: true });
fs.writeFileSync(path.join(out_dir, 'index.html'), html);
console.log(path.join(out_dir, 'index.html'));
