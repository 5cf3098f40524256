import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('KaTeX', () => {
  it('styles with the same KaTeX version that renders the math (class names differ across versions)', () => {
    const stylesheet = require('katex/package.json').version;
    const fromRehype = createRequire(require.resolve('rehype-katex'));
    const renderer = fromRehype('katex/package.json').version;
    expect(stylesheet).toBe(renderer);
  });
});
