/**
 * The operating-system layers around the sandbox process, Linux only (elsewhere each degrades to
 * "not active", and the outcome's detail says so):
 *
 * - address space (`ulimit -v`, via /bin/sh): a typed-array bomb fails with a RangeError at the
 *   limit instead of taking the machine's memory; V8's heap limit does not count ArrayBuffers.
 * - resident size (/proc/<pid>/status VmRSS, polled by run-job.ts): the actual memory cap.
 * - CPU time (`ulimit -t`): the kernel ends the process even if the grader itself dies and its
 *   wall-clock timer never fires (a detached infinite loop would otherwise run forever). Set
 *   well above the wall-clock limit: V8's GC threads add CPU time in parallel.
 * - file size (`ulimit -f 0`): writing any byte to a regular file raises SIGXFSZ, a second wall
 *   behind the permission model's "no writes" (pipes are not files: stdout and fd 3 still work).
 * - core dumps (`ulimit -c 0`): a crashing sandbox leaves nothing on disk.
 * - network namespace (`unshare -rn`: a new user + network namespace whose only interface, lo, is
 *   down): connect() fails for every address, 127.0.0.1 included. Needs unprivileged user
 *   namespaces (some distributions and most containers disable them); probed once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Virtual address space Node 24 needs beyond the heap, MB. Measured on x86-64 Linux: `node -e 1`
 * fails to start below ~1.15 GB of address space (V8 reserves its code range and heap cages up
 * front; VmSize ≈ 1.25 GB right after start, 1.3 GB with the sandbox bundle loaded). 2 GB of
 * headroom leaves room for the heap to grow to --max-old-space-size plus thread stacks, and
 * still stops an `ArrayBuffer` bomb at a bounded size; the RSS poll is the real cap.
 */
export const ADDRESS_SPACE_HEADROOM_MB = 2048;
/** Never below this, whatever memoryMb says (smaller and Node cannot start). */
export const MIN_ADDRESS_SPACE_MB = 2560;

/** The `ulimit -t` value for a wall-clock limit, seconds. */
export function cpuSeconds(wallMs: number): number {
  return Math.ceil((2 * wallMs) / 1000) + 2;
}

/** The `ulimit -v` value for a memory cap, in KB (what the shell's ulimit takes). */
export function addressSpaceKb(memoryMb: number): number {
  return Math.max(MIN_ADDRESS_SPACE_MB, Math.ceil(memoryMb) + ADDRESS_SPACE_HEADROOM_MB) * 1024;
}

const isLinux = process.platform === 'linux';

let unshareProbe: string | null | undefined;

/** Path of `unshare` when `unshare -rn` works here (probed once per process), else null. */
export function networkNamespaceTool(): string | null {
  if (unshareProbe !== undefined) return unshareProbe;
  unshareProbe = null;
  if (!isLinux) return unshareProbe;
  for (const path of ['/usr/bin/unshare', '/bin/unshare']) {
    if (!existsSync(path)) continue;
    try {
      const r = spawnSync(path, ['-rn', '/bin/true'], { env: {}, timeout: 5000, stdio: 'ignore' });
      if (r.status === 0) unshareProbe = path;
    } catch { /* not usable */ }
    break;
  }
  return unshareProbe;
}

/** Whether the shell wrapper for `ulimit -v` is available. */
export function addressSpaceLimitAvailable(): boolean {
  return isLinux && existsSync('/bin/sh');
}

/** Resident set size of a process in MB from /proc, or undefined (gone, or not Linux). */
export function residentMb(pid: number): number | undefined {
  if (!isLinux) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The command line: `sh -c 'ulimit -v N; exec "$@"' sh [unshare -rn] node …`. Each `exec`
 * replaces the process, so the pid the grader holds (and polls, and kills) is node's.
 */
export function wrapCommand(node: string, args: string[], memoryMb: number, wallMs = 60_000): { file: string; args: string[]; layers: string[] } {
  const layers: string[] = [];
  let cmd = [node, ...args];
  const unshare = networkNamespaceTool();
  if (unshare) {
    cmd = [unshare, '-rn', ...cmd];
    layers.push('network-namespace');
  }
  if (addressSpaceLimitAvailable()) {
    layers.push('address-space', 'cpu-time', 'no-file-size');
    // each ulimit on its own: one the system refuses (a lower hard limit) must not skip the others
    const limits = [`-v ${addressSpaceKb(memoryMb)}`, `-t ${cpuSeconds(wallMs)}`, '-f 0', '-c 0'].map((l) => `ulimit ${l} 2>/dev/null;`).join(' ');
    return { file: '/bin/sh', args: ['-c', `${limits} exec "$@"`, 'sh', ...cmd], layers };
  }
  return { file: cmd[0], args: cmd.slice(1), layers };
}
