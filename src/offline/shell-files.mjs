// The files every page needs to render and to run its cells: the scripts and stylesheets the built
// pages name, and everything those name in turn (chunks, the cell worker, the editor, plots, KaTeX's
// woff2 fonts). The service worker precaches exactly these (src/offline/integration.mjs).
//
// Vite writes the chunk graph into the chunks themselves (`from"./x.js"`, `import("./x.js")`,
// `__vite__mapDeps([..."_astro/x.js"])`, `new URL("/_astro/worker-x.js", ...)`), so following every
// `_astro/` or `./` file name a file mentions finds the whole graph; a name that is only a string in
// a chunk costs a few extra bytes, never a missing file. One edge is cut on purpose: Mermaid's
// in-browser renderer (~1.3 MB gzip) is needed only when a page still has an undrawn diagram,
// which happens only in builds without a Chromium (src/markdown/mermaid.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const HTML_REF = /(?:src|href)="[^"]*?(_astro\/[\w.-]+\.(?:js|css|svg))"/g;
const CHUNK_REF = /(?:_astro\/|\.\/)([\w.-]+\.(?:js|css|woff2))/g;
const MERMAID_ENTRY = /^mermaid\.core\./;

/** Every file under `dir`, as paths relative to it with '/' separators. */
export function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** The shell's files, relative to `distDir`, sorted. */
export function shellFiles(distDir) {
  const pages = listFiles(distDir).filter((f) => f.endsWith('.html'));
  const files = new Set(existsSync(join(distDir, 'favicon.svg')) ? ['favicon.svg'] : []);
  const queue = [];
  let undrawnDiagrams = false;
  for (const page of pages) {
    const html = readFileSync(join(distDir, page), 'utf8');
    undrawnDiagrams ||= html.includes('<pre class="mermaid"');
    for (const [, file] of html.matchAll(HTML_REF)) queue.push(file);
  }
  while (queue.length > 0) {
    const file = queue.pop();
    if (files.has(file) || !existsSync(join(distDir, file))) continue;
    files.add(file);
    if (!/\.(js|css)$/.test(file)) continue;
    for (const [, name] of readFileSync(join(distDir, file), 'utf8').matchAll(CHUNK_REF)) {
      if (MERMAID_ENTRY.test(name) && !undrawnDiagrams) continue;
      queue.push(`_astro/${name}`);
    }
  }
  return [...files].sort();
}
