// The service worker's precache list (src/offline/shell-files.mjs): the files pages name and
// everything those name, with Mermaid's in-browser renderer only when a page still needs it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellFiles } from '../../src/offline/shell-files.mjs';

let dist = '';

function site(files: Record<string, string>): string {
  dist = mkdtempSync(join(tmpdir(), 'gb-shell-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  return dist;
}

afterEach(() => rmSync(dist, { recursive: true, force: true }));

const chunks = {
  'favicon.svg': '<svg/>',
  '_astro/page.a1.js': 'import{x}from"./notebook.b2.js";const m=()=>import("./mermaid.core.c3.js");',
  '_astro/notebook.b2.js': 'new Worker(new URL(`/_astro/worker-d4.js`,``+import.meta.url))',
  '_astro/worker-d4.js': 'self.onmessage=()=>{}',
  '_astro/mermaid.core.c3.js': 'import"./elk.e5.js"',
  '_astro/elk.e5.js': '',
  '_astro/site.f6.css': '@font-face{src:url(/_astro/KaTeX_Main.g7.woff2) format("woff2"),url(/_astro/KaTeX_Main.g7.woff) format("woff")}',
  '_astro/KaTeX_Main.g7.woff2': '',
  '_astro/KaTeX_Main.g7.woff': '',
  '_astro/unused.h8.js': '',
};

describe('shellFiles', () => {
  it('follows scripts, chunks, the cell worker and woff2 fonts from the pages, and nothing unused', () => {
    const dir = site({
      ...chunks,
      'index.html': '<link href="/_astro/site.f6.css" rel="stylesheet"><script type="module" src="/_astro/page.a1.js"></script>',
      'en/index.html': '<svg id="mermaid-1"></svg>',
    });
    expect(shellFiles(dir)).toEqual([
      '_astro/KaTeX_Main.g7.woff2',
      '_astro/notebook.b2.js',
      '_astro/page.a1.js',
      '_astro/site.f6.css',
      '_astro/worker-d4.js',
      'favicon.svg',
    ]);
  });

  it('keeps Mermaid when a page still has an undrawn diagram (a build without Chromium)', () => {
    const dir = site({
      ...chunks,
      'index.html': '<script type="module" src="/_astro/page.a1.js"></script><pre class="mermaid">graph TD; a-->b</pre>',
    });
    expect(shellFiles(dir)).toContain('_astro/mermaid.core.c3.js');
    expect(shellFiles(dir)).toContain('_astro/elk.e5.js');
  });
});
