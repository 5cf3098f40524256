/**
 * Shrinks the sandbox process's JavaScript environment to roughly a browser cell worker's, just
 * before the first student cell runs. The permission model (`--permission`, set by run-job.ts)
 * already refuses file system access outside the bundle, child processes, workers, addons and
 * WASI; this removes what it does not cover or what could reach around it:
 *
 * - `process` goes from the global object. Cells are written for a browser worker, which has no
 *   `process`; without it there is no `process.kill(process.ppid)` (signals to the grader),
 *   `process._debugProcess` (starting an inspector in another process), `process.binding`,
 *   `process._linkedBinding`, `process.dlopen`, `process.getBuiltinModule` (any built-in module,
 *   e.g. `net`), `process.execve`, `process.report`, `process.exit`, `process.stdout`, `process.env`.
 *   The sandbox keeps the references it needs (captured by the caller before this runs).
 * - Network globals (`fetch`, `WebSocket`, `EventSource`, …): the permission model of Node 24
 *   does not restrict the network.
 * - Dynamic `import()` of anything (built-ins, files, `data:` URLs): a `module.registerHooks`
 *   resolve hook that refuses every specifier once the sandbox's own modules are loaded.
 *
 * None of this is a security boundary on its own (see README.md): it is one layer.
 */
import { registerHooks } from 'node:module';

/** Globals removed before student code runs. */
export const REMOVED_GLOBALS = [
  'process', 'fetch', 'WebSocket', 'EventSource', 'Request', 'Response', 'Headers', 'FormData',
  'localStorage', 'sessionStorage', 'navigator', 'require', 'module', 'exports',
  '__filename', '__dirname', 'BroadcastChannel', 'MessageChannel', 'MessagePort',
] as const;

/** Properties removed from the real `process` too, in case a reference to it leaks somehow. */
const PROCESS_PROPS = [
  'binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'kill', '_kill', '_debugProcess',
  '_debugEnd', 'execve', 'report', 'mainModule', 'chdir', 'setuid', 'setgid', 'seteuid', 'setegid',
  'setgroups', 'initgroups', 'loadEnvFile', 'openStdin', '_startProfilerIdleNotifier',
  '_stopProfilerIdleNotifier',
] as const;

let locked = false;

/**
 * Installs the import lock (once, inactive until `harden()`), so it must be called while the
 * sandbox's own modules are still allowed to load: at the top of child.ts.
 */
export function installImportLock(): void {
  registerHooks({
    resolve(specifier, context, next) {
      if (locked) throw new Error(`import('${String(specifier).slice(0, 80)}') is not available in the sandbox`);
      return next(specifier, context);
    },
  });
}

/**
 * Locks imports, deletes the globals above and the dangerous `process` methods, and replaces
 * Node's `console` (whose `_stdout` is `process.stdout`, a net.Socket: from its constructor a
 * cell could open Unix sockets, bind socket files or write to any inherited fd) with
 * `replacementConsole`, a frozen object with no prototype. Irreversible.
 */
export function harden(realProcess: NodeJS.Process, replacementConsole: Record<string, (...args: unknown[]) => void>): void {
  locked = true;
  const safeConsole = Object.freeze(Object.assign(Object.create(null), replacementConsole));
  Object.defineProperty(globalThis, 'console', { value: safeConsole, writable: false, configurable: false, enumerable: false });
  for (const name of PROCESS_PROPS) {
    try {
      delete (realProcess as unknown as Record<string, unknown>)[name];
    } catch { /* non-configurable: the global is gone anyway */ }
  }
  for (const name of REMOVED_GLOBALS) {
    try {
      delete (globalThis as Record<string, unknown>)[name];
    } catch { /* ignore */ }
    if (name in globalThis) {
      try {
        Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
      } catch { /* ignore */ }
    }
  }
}
