// Browser harness shared by the benchmarks and the browser engine tests:
// bundle an entry with esbuild, serve it on localhost, open headless Chromium.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve, extname } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-unsafe-swiftshader',
];

/** Bundles a TypeScript entry for the browser; returns the JS text. */
export async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser',
    target: 'es2022', minify: false, sourcemap: false, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0].text;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm',
};

/**
 * Serves `files` (url path -> text) and static folders (url prefix -> directory), cross-origin
 * isolated unless `opts.isolated` is false.
 */
export async function serve(files: Record<string, string>, staticDirs: Record<string, string> = {}, opts: { isolated?: boolean } = {}):
    Promise<{ url: string; server: Server }> {
  // cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, so tfjs-wasm and our
  // matmul kernel can use threads (their fastest configuration); without it both run one thread
  const isolation = opts.isolated === false ? {} : { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const headers = { ...isolation, 'Cache-Control': 'no-store' };
    if (path in files) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'text/html' });
      res.end(files[path]);
      return;
    }
    for (const [prefix, dir] of Object.entries(staticDirs)) {
      if (path.startsWith(prefix)) {
        try {
          const body = await readFile(join(dir, path.slice(prefix.length)));
          res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
          res.end(body);
        } catch { res.writeHead(404); res.end(); }
        return;
      }
    }
    res.writeHead(404); res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}

export interface BrowserSession { browser: Browser; page: Page; close(): Promise<void> }

/** Opens headless Chromium (SwiftShader WebGL2) with a fresh profile at `url`. */
export async function openPage(url: string, onLog?: (line: string) => void): Promise<BrowserSession> {
  // playwright gives every launch a fresh temporary profile (user-data-dir)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  if (onLog) page.on('console', (m) => onLog(m.text()));
  page.on('pageerror', (e) => onLog?.(`pageerror: ${e.message}`));
  // 'commit': the page reports by console lines, and a long synchronous case can keep the main
  // thread busy past any load timeout
  await page.goto(url, { waitUntil: 'commit' });
  return {
    browser, page,
    async close() { await browser.close(); },
  };
}

export const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>gradbook bench</title>' +
  '<script type="module" src="/main.js"></script>';
