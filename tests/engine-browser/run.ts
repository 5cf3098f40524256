/**
 * Engine checks in real WebGL2 (headless Chromium): the webgl backend's kernels against the
 * float64 reference, a 10,000-pipeline memory check, compile-once in a training loop, and the
 * context-loss fallback. Used by the e2e suite; also runnable alone:
 *   node tests/engine-browser/run.ts
 */
import { join } from 'node:path';
import { bundle, serve, openPage, PAGE_HTML, ROOT } from '../bench/harness.ts';
import type { CaseResult } from './cases.ts';

export interface EngineBrowserReport { passed: number; failed: number; details: CaseResult[] }

/** Runs the checks in one Chromium session and returns the per-case results. */
export async function runEngineBrowserTests(): Promise<EngineBrowserReport> {
  const js = await bundle(join(ROOT, 'tests/engine-browser/page.ts'));
  const { url, server } = await serve({ '/': PAGE_HTML, '/main.js': js });
  const details: CaseResult[] = [];
  let finish!: () => void;
  const done = new Promise<void>((r) => { finish = r; });
  const session = await openPage(url + '/', (line) => {
    if (line.startsWith('CASE ')) details.push(JSON.parse(line.slice(5)) as CaseResult);
    else if (line.startsWith('LOG ')) console.log(line.slice(4));
    else if (line.startsWith('ERR')) details.push({ name: 'browser page', ok: false, maxAbsError: Infinity, message: line });
    if (line === 'DONE') finish();
  });
  const timer = setTimeout(() => {
    details.push({ name: 'browser page', ok: false, maxAbsError: Infinity, message: 'timed out after 5 minutes' });
    finish();
  }, 5 * 60_000);
  try {
    await done;
  } finally {
    clearTimeout(timer);
    await session.close();
    server.close();
  }
  const passed = details.filter((d) => d.ok).length;
  return { passed, failed: details.length - passed, details };
}

if (import.meta.main) {
  const r = await runEngineBrowserTests();
  for (const d of r.details) console.log(`${d.ok ? "ok  " : "FAIL"} ${d.name}${d.message ? ` — ${d.message}` : ""}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
