// BENCHMARKS.md is written by three benchmarks: each rewrites its own section, appends it when
// absent, and `npm run bench` (which writes the whole file) keeps the other two.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withOtherSections, writeBenchmarkSection } from '../bench/section.ts';

const file = () => join(mkdtempSync(join(tmpdir(), 'gb-bench-')), 'BENCHMARKS.md');
const S = '<!-- cells:start -->', E = '<!-- cells:end -->';

describe('BENCHMARKS.md sections', () => {
  it('appends a missing section, then replaces it in place', () => {
    const f = file();
    writeFileSync(f, '# Benchmarks\n\nengine numbers\n');
    writeBenchmarkSection(`${S}\nfirst\n${E}`, S, E, f);
    expect(readFileSync(f, 'utf8')).toBe(`# Benchmarks\n\nengine numbers\n\n${S}\nfirst\n${E}\n`);
    writeFileSync(f, readFileSync(f, 'utf8') + '\n## After\n');
    writeBenchmarkSection(`${S}\nsecond\n${E}`, S, E, f);
    expect(readFileSync(f, 'utf8')).toBe(`# Benchmarks\n\nengine numbers\n\n${S}\nsecond\n${E}\n\n## After\n`);
  });

  it('refuses a start marker without its end', () => {
    const f = file();
    writeFileSync(f, `# Benchmarks\n${S}\nhalf`);
    expect(() => writeBenchmarkSection(`${S}\nx\n${E}`, S, E, f)).toThrow(/has no <!-- cells:end -->/);
  });

  it('a rewrite of the whole file keeps the sections it does not write', () => {
    const f = file();
    writeFileSync(f, `# old\n\n${S}\ncells\n${E}\n\n<!-- grader:start -->\ngrader\n<!-- grader:end -->\n`);
    const kept = withOtherSections('# new engine numbers\n', f);
    expect(kept).toBe(`# new engine numbers\n\n${S}\ncells\n${E}\n\n<!-- grader:start -->\ngrader\n<!-- grader:end -->\n`);
    expect(withOtherSections(`# new\n${S}\nfresh\n${E}\n`, f)).not.toContain('\ncells\n');
  });
});
