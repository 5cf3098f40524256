/**
 * Lazily registered backends (how the engine offers 'webgl' without shipping gpu.js up front):
 * the probe answers availability without loading, use before `loadBackend` is refused with the
 * advice, 'auto' loads only what its policy could pick, and failures are cached with their reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  backendFailure, createCpuBackend, getBackendInstance, isBackendAvailable, loadBackend,
  registerBackend, registerLazyBackend, registeredBackends, setAutoPolicy, setBackend, tensor,
  type BackendProbe,
} from '../../kernels/index.ts';

afterEach(() => {
  setBackend('cpu64');
  setAutoPolicy();
});

/** A lazy backend whose "module" registers a cpu copy, counting probes and loads. */
function fake(name: string, found: BackendProbe, load?: () => Promise<unknown>) {
  const calls = { probes: 0, loads: 0 };
  registerLazyBackend(name, {
    probe: () => { calls.probes++; return found; },
    load: load ?? (async () => {
      calls.loads++;
      registerBackend(name, () => createCpuBackend(name, Float32Array));
    }),
  });
  return calls;
}

describe('lazy backends', () => {
  it('are listed and available from the probe alone, but refused until loaded', async () => {
    const calls = fake('lazy-hw', { available: true, software: false });
    expect(registeredBackends()).toContain('lazy-hw');
    expect(isBackendAvailable('lazy-hw')).toBe(true);
    expect(calls).toEqual({ probes: 1, loads: 0 });
    expect(() => setBackend('lazy-hw')).toThrow("backend 'lazy-hw' is not loaded yet: `await loadBackend('lazy-hw')` first");
    await Promise.all([loadBackend('lazy-hw'), loadBackend('lazy-hw')]);
    expect(calls).toEqual({ probes: 1, loads: 1 }); // probed once, imported once
    setBackend('lazy-hw');
    expect(tensor([1, 2]).add(1).backend).toBe('lazy-hw');
  });

  it('an unavailable one is never loaded, and says why', async () => {
    const calls = fake('lazy-none', { available: false, reason: 'WebGL2 is not available here' });
    await loadBackend('lazy-none');
    expect(calls.loads).toBe(0);
    expect(isBackendAvailable('lazy-none')).toBe(false);
    expect(backendFailure('lazy-none')).toBe('WebGL2 is not available here');
    expect(() => setBackend('lazy-none')).toThrow("backend 'lazy-none' is not available (WebGL2 is not available here)");
  });

  it('a module that fails to download is a cached failure', async () => {
    fake('lazy-offline', { available: true, software: false }, () => Promise.reject(new Error('Failed to fetch')));
    await loadBackend('lazy-offline');
    expect(isBackendAvailable('lazy-offline')).toBe(false);
    expect(backendFailure('lazy-offline')).toMatch(/could not be loaded \(Failed to fetch\)/);
    expect(() => getBackendInstance('lazy-offline')).toThrow(/is not available \(its code could not be loaded/);
  });

  it("'auto' loads a hardware one and skips a software one under the default policy", async () => {
    const hw = fake('lazy-auto-hw', { available: true, software: false });
    const sw = fake('lazy-auto-sw', { available: true, software: true });
    await loadBackend('auto');
    expect(hw.loads).toBe(1);
    expect(sw.loads).toBe(0);
    // a custom policy may pick anything available, so everything available is loaded
    setAutoPolicy(() => 'cpu');
    await loadBackend('auto');
    expect(sw.loads).toBe(1);
  });

  it('registering lazily does not replace a backend already loaded', () => {
    registerBackend('eager', () => createCpuBackend('eager', Float32Array));
    const calls = fake('eager', { available: false, reason: 'never asked' });
    expect(isBackendAvailable('eager')).toBe(true);
    expect(calls.probes).toBe(0);
  });

  it("in Node, 'webgl' is registered lazily and unavailable: the probe finds no WebGL2", () => {
    expect(registeredBackends()).toContain('webgl');
    expect(isBackendAvailable('webgl')).toBe(false);
    expect(backendFailure('webgl')).toBe('WebGL2 is not available here');
  });
});
