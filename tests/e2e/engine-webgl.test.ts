// The engine's webgl backend in real WebGL2 (headless Chromium, SwiftShader here): every kernel
// against the float64 reference, memory staying flat, compile-once, and the context-loss fallback.
import { describe, expect, it } from 'vitest';
import { runEngineBrowserTests } from '../engine-browser/run.ts';

describe('engine on real WebGL2', () => {
  it('passes every kernel, memory and fallback check in Chromium', async () => {
    const report = await runEngineBrowserTests();
    const failures = report.details.filter((d) => !d.ok).map((d) => `${d.name}: ${d.message ?? d.maxAbsError}`);
    expect(failures).toEqual([]);
    expect(report.passed).toBeGreaterThan(50);
  }, 360_000);
});
