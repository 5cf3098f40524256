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
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename, dirname } from 'node:path';

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

const probed = new Map<string, string | null>();

/**
 * The first of `paths` that exists, if running it with `args` succeeds here (probed once per
 * process and tool), else null; always null off Linux.
 */
function usableTool(paths: string[], args: () => string[]): string | null {
  const key = paths.join(' ');
  if (probed.has(key)) return probed.get(key)!;
  let found: string | null = null;
  const path = isLinux ? paths.find((p) => existsSync(p)) : undefined;
  if (path) {
    try {
      if (spawnSync(path, args(), { env: {}, timeout: 5000, stdio: 'ignore' }).status === 0) found = path;
    } catch { /* not usable */ }
  }
  probed.set(key, found);
  return found;
}

/** Path of `unshare` when `unshare -rn` works here, else null. */
export function networkNamespaceTool(): string | null {
  return usableTool(['/usr/bin/unshare', '/bin/unshare'], () => ['-rn', '/bin/true']);
}

/** Whether the shell wrapper for `ulimit -v` is available. */
export function addressSpaceLimitAvailable(): boolean {
  return isLinux && existsSync('/bin/sh');
}

/**
 * Resident set size in MB of a process and its descendants, from /proc (inside the jail node is a
 * child of bubblewrap, so the process the grader holds is not the one that allocates); undefined
 * when the process is gone or this is not Linux.
 */
export function residentMb(pid: number, depth = 0): number | undefined {
  if (!isLinux) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    let total = m ? Number(m[1]) / 1024 : 0;
    if (depth < 4) {
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1').split(' ').filter(Boolean)) {
          total += residentMb(Number(child), depth + 1) ?? 0;
        }
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

/** Path of bubblewrap when it can build the jail here, else null. */
export function jailTool(): string | null {
  return usableTool(['/usr/bin/bwrap', '/bin/bwrap'], () => [...jailArgs(), '/usr/bin/true']);
}

/**
 * bubblewrap's arguments for an empty root holding only what node needs: /usr (and the /lib,
 * /lib64, /bin links or folders) read-only, /dev/null and /dev/urandom, and, when given, the node
 * binary at /node and the bundle's folder at /bundle. No /tmp, /run, /home or /proc: no socket
 * file of the instructor's session (D-Bus, ssh-agent, Docker, X11) exists inside. All namespaces
 * are new (user, pid, network, ipc, uts, cgroup), the session too (no terminal injection), and
 * the process dies with the grader.
 */
function jailArgs(node?: string, bundleDir?: string): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--ro-bind', '/usr', '/usr'];
  for (const dir of ['/lib', '/lib64', '/lib32', '/libx32', '/bin', '/sbin']) {
    try {
      if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
      else args.push('--ro-bind', dir, dir);
    } catch { /* absent */ }
  }
  args.push('--dev-bind', '/dev/null', '/dev/null', '--ro-bind', '/dev/urandom', '/dev/urandom', '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache');
  if (node) args.push('--ro-bind', node, '/node');
  if (bundleDir) args.push('--ro-bind', bundleDir, '/bundle');
  return [...args, '--chdir', '/'];
}

/** Path of setpriv (util-linux), to make the child die with the grader when there is no jail. */
function setprivTool(): string | null {
  return isLinux && existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : null;
}

export interface WrappedCommand {
  file: string;
  args: string[];
  layers: string[];
}

/**
 * The command line: `sh -c 'ulimit …; exec "$@"' sh bwrap <jail> /node <args>` when bubblewrap
 * works, else `… unshare -rn setpriv --pdeathsig KILL node <args>`, else plain node. `nodeArgs`
 * gets the bundle's path as the sandbox sees it (/bundle/… inside the jail).
 */
export function wrapCommand(o: { node: string; bundle: string; nodeArgs: (bundle: string) => string[]; memoryMb: number; wallMs?: number; jail?: boolean }): WrappedCommand {
  const layers: string[] = [];
  let cmd: string[];
  const bwrap = o.jail === false ? null : jailTool();
  if (bwrap) {
    cmd = [bwrap, ...jailArgs(o.node, dirname(o.bundle)), '/node', ...o.nodeArgs(`/bundle/${basename(o.bundle)}`)];
    layers.push('filesystem-jail', 'network-namespace', 'pid-namespace', 'die-with-grader');
  } else {
    cmd = [o.node, ...o.nodeArgs(o.bundle)];
    const setpriv = setprivTool();
    if (setpriv) {
      cmd = [setpriv, '--pdeathsig', 'KILL', ...cmd];
      layers.push('die-with-grader');
    }
    const unshare = networkNamespaceTool();
    if (unshare) {
      cmd = [unshare, '-rn', ...cmd];
      layers.push('network-namespace');
    }
  }
  if (addressSpaceLimitAvailable()) {
    layers.push('address-space', 'cpu-time', 'no-file-size', 'open-files');
    // each ulimit on its own: one the system refuses (a lower hard limit) must not skip the others
    const limits = [`-v ${addressSpaceKb(o.memoryMb)}`, `-t ${cpuSeconds(o.wallMs ?? 60_000)}`, '-f 0', '-c 0', '-n 64']
      .map((l) => `ulimit ${l} 2>/dev/null;`).join(' ');
    return { file: '/bin/sh', args: ['-c', `${limits} exec "$@"`, 'sh', ...cmd], layers };
  }
  return { file: cmd[0], args: cmd.slice(1), layers };
}
