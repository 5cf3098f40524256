/**
 * The two scripts Gradescope runs (gradescope-autograders.readthedocs.io/en/latest/specs/):
 * setup.sh once, as root, when it builds the autograder image from our zip (unpacked in
 * /autograder/source), and run_autograder for every submission. The texts are constants of their
 * options, so the bundle's bytes only change when the repository does.
 */

/** Which field of `users[0]` in /autograder/submission_metadata.json is the student's course id. */
export type IdentityField = 'sid' | 'email';

/** Options of the two scripts. */
export interface ScriptOptions {
  assignmentId: string;
  /** Exact Node version for a reproducible image (e.g. `v24.4.1`); default: the newest 24.x. */
  nodeVersion?: string;
  /** Tried first; the other is the fallback (default `sid`, then `email`). */
  identityField?: IdentityField;
}

/** setup.sh: Node 24 from nodejs.org (checked against its SHASUMS256.txt), then `npm ci`. */
export function setupScript(o: Pick<ScriptOptions, 'nodeVersion'> = {}): string {
  if (o.nodeVersion !== undefined && !/^v?24\.\d+\.\d+$/.test(o.nodeVersion)) throw new Error(`nodeVersion: expected 24.x.y, got ${JSON.stringify(o.nodeVersion)}`);
  const dist = o.nodeVersion ? `v${o.nodeVersion.replace(/^v/, '')}` : 'latest-v24.x';
  return `#!/usr/bin/env bash
# Gradbook autograder setup (Gradescope runs this once, as root, on its Ubuntu image).
# Installs Node.js 24 (the grader runs TypeScript directly by type stripping) from the official
# linux-x64 tarball, verified against nodejs.org's SHASUMS256.txt, then the repository's
# dependencies exactly as package-lock.json pins them. Install scripts are skipped: the grader
# needs none, and they would only slow the image build down.
set -euo pipefail
cd /autograder/source

if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" != "24" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -y
  apt-get install -y --no-install-recommends ca-certificates curl xz-utils
  base="https://nodejs.org/dist/${dist}"
  curl -fsSL --retry 3 -o /tmp/SHASUMS256.txt "$base/SHASUMS256.txt"
  tarball="$(grep -oE 'node-v24\\.[0-9]+\\.[0-9]+-linux-x64\\.tar\\.xz' /tmp/SHASUMS256.txt | head -n 1)"
  curl -fsSL --retry 3 -o "/tmp/$tarball" "$base/$tarball"
  (cd /tmp && grep " $tarball\\$" SHASUMS256.txt | sha256sum -c -)
  tar -xJf "/tmp/$tarball" -C /usr/local --strip-components=1 --no-same-owner
  rm -f "/tmp/$tarball" /tmp/SHASUMS256.txt
fi
node --version
npm --version

npm ci --ignore-scripts --no-audit --no-fund
chmod +x /autograder/source/run_autograder
`;
}

/** run_autograder: grades the one uploaded submission with `grade-one`. */
export function runAutograderScript(o: ScriptOptions): string {
  if (!/^[a-z][a-z0-9-]*$/.test(o.assignmentId)) throw new Error(`not an assignment id: ${JSON.stringify(o.assignmentId)}`);
  const first = o.identityField ?? 'sid';
  const order = first === 'sid' ? '"sid", "email"' : '"email", "sid"';
  return `#!/usr/bin/env bash
# Gradbook autograder for Gradescope: grades ONE submission with this repository's grader.
#
# Expects (Gradescope runs this as root for every submission):
#   /autograder/source/              this bundle, unpacked, with node_modules from setup.sh
#                                    (package.json, grader/, src/, kernels/, content/,
#                                    assignments/${o.assignmentId}.yaml and its private folder)
#   /autograder/submission/          the student's upload: one *.gradbook.json (if several, the one
#                                    named ${o.assignmentId}.*.gradbook.json, else the first by name;
#                                    if none, the first *.json)
#   /autograder/submission_metadata.json
#                                    Gradescope's metadata; the identity the variants are drawn for is
#                                    users[0].${first} (${first === 'sid' ? 'the Student ID in the Gradescope roster' : 'the account email'}), else users[0].${first === 'sid' ? 'email' : 'sid'};
#                                    if neither is set, grade-one falls back to the file name.
# Runs, from /autograder/source:
#   node grader/cli.ts grade-one --assignment=${o.assignmentId} --submission=<copy of the file>
#        --results=/autograder/results/results.json [--identity=<identity>]
# grade-one writes results.json (Gradescope's format) and exits 0. If it cannot, this script writes
# a results.json with score 0 saying so, and the grader's error stays in the instructor-only stdout.
# Gradescope applies its own late policy from its due dates; Gradbook's late credit is not used here.
# AUTOGRADER_ROOT (default /autograder) exists only so the script can be tried outside Gradescope.
set -uo pipefail
export LC_ALL=C.UTF-8
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
ASSIGNMENT=${o.assignmentId}
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"

fail() {
  # Static messages only: no student text goes into this JSON.
  printf '{"score":0,"output":"%s","output_format":"text","tests":[]}\\n' "$1" > "$RESULTS"
  echo "gradbook: $1" >&2
  exit 0
}

shopt -s nullglob
files=("$ROOT/submission/$ASSIGNMENT".*.gradbook.json)
(( \${#files[@]} )) || files=("$ROOT"/submission/*.gradbook.json)
(( \${#files[@]} )) || files=("$ROOT"/submission/*.json)
(( \${#files[@]} )) || fail "No submission file found. Upload the .gradbook.json file that the assignment page's Download submission button saves."
(( \${#files[@]} == 1 )) || echo "gradbook: \${#files[@]} candidate files; grading \${files[0]}" >&2
[ -f "\${files[0]}" ] && [ ! -L "\${files[0]}" ] || fail "The uploaded submission is not a regular file."

work="$(mktemp -d)"
cp -- "\${files[0]}" "$work/" || fail "The uploaded submission could not be read."
submission="$work/$(basename -- "\${files[0]}")"

identity="$(node -e '
  const fs = require("fs");
  let m = {};
  try { m = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
  const u = (Array.isArray(m.users) && m.users[0]) || {};
  const v = [${order}].map((k) => u[k]).find((x) => x !== null && x !== undefined && String(x).trim() !== "");
  process.stdout.write(v === undefined ? "" : String(v).trim());
' "$ROOT/submission_metadata.json" 2>/dev/null)"

# the variants are drawn for the LMS's identity, never one the uploaded file could choose
[ -n "$identity" ] || fail "Gradescope gave no Student ID or email for this submission, so its variant cannot be drawn. Ask your instructor."
args=(grader/cli.ts grade-one "--assignment=$ASSIGNMENT" "--submission=$submission" "--results=$RESULTS" "--identity=$identity")

cd "$ROOT/source" || fail "The autograder is not installed correctly."
node "\${args[@]}" || fail "The autograder could not grade this submission. Your instructor can see why in the autograder output."
`;
}
