/**
 * The variant cell's code before the student has entered a course id. It still defines
 * `variant`, so the cells of other exercises run as usual, but reading anything from it throws
 * a message that says what to do, right in the output of the starter that used it.
 */
import type { AssignmentMessages } from './messages.ts';

/** Code for a variant cell without a course id (the build renders it; the page puts it back when the id is cleared). */
export function missingVariantCode(t: AssignmentMessages): string {
  return [
    `// ${t.variantComment}`,
    `const variant = new Proxy({}, {`,
    `  get: (_, key) => {`,
    `    if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined;`,
    `    throw new Error(${JSON.stringify(t.variantError)});`,
    `  },`,
    `});`,
  ].join('\n');
}
