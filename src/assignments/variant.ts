/**
 * Per-student variants: an exercise may draw its numbers from a generator seeded by the
 * assignment id and the student's course id, so two students' correct answers differ. The page
 * seeds it with the id the student types in; the grader with the identity the LMS and the roster
 * give, so a student who types a friend's id works the friend's variant and is graded on their own.
 */
import { sha256Hex } from './hash.ts';

/** The form of an id both sides hash: Unicode-normalised, trimmed, lower case. */
export function normalizeIdentity(identity: string): string {
  return identity.normalize('NFKC').trim().toLowerCase();
}

/** A 32-bit seed from SHA-256 of `<assignment id>\n<normalised identity>`. */
export async function variantSeed(assignmentId: string, identity: string): Promise<number> {
  const hex = await sha256Hex(`${assignmentId}\n${normalizeIdentity(identity)}`);
  return Number.parseInt(hex.slice(0, 8), 16);
}

/**
 * The cell that defines `variant` for one exercise: the author's function body, called with `rng`
 * built on the engine's seeded `Generator` (xoshiro128**, identical in browsers and Node).
 * `rng.int(a, b)` (inclusive), `rng.uniform(a, b)`, `rng.pick(list)`, `rng.round(x, digits)`.
 */
export function variantCellCode(body: string, seed: number): string {
  return [
    `const variant = ((g) => {`,
    `  const rng = {`,
    `    uniform: (a = 0, b = 1) => a + (b - a) * g.uniform(),`,
    `    int: (a, b) => a + Math.min(b - a, Math.floor(g.uniform() * (b - a + 1))),`,
    `    pick: (xs) => xs[Math.min(xs.length - 1, Math.floor(g.uniform() * xs.length))],`,
    `    round: (x, digits = 2) => Number(x.toFixed(digits)),`,
    `  };`,
    `  return (() => {`,
    body,
    `  })();`,
    `})(new Generator(${seed >>> 0}));`,
    `variant`,
  ].join('\n');
}
