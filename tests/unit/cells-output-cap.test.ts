import { describe, expect, it } from 'vitest';
import { StdoutCap } from '../../src/cells/output-cap.ts';
import { TAIL_LINE_CHARS } from '../../src/cells/limits.ts';

const small = () => new StdoutCap({ headLines: 3, headChars: 100, tailLines: 2, tailChars: 50 });

describe('StdoutCap', () => {
  it('passes lines until the head is full, then keeps only the last ones', () => {
    const cap = small();
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((t) => cap.take('log', t))).toEqual(['a', 'b', 'c', null, null, null]);
    expect(cap.overflowing).toBe(true);
    expect(cap.omitted).toBe(1);
    expect(cap.peek()).toEqual({ omitted: 1, tail: [{ stream: 'log', text: 'e\nf' }] });
  });

  it('splits a multi-line text at the head, and keeps streams apart in the tail', () => {
    const cap = small();
    expect(cap.take('log', 'a\nb')).toBe('a\nb');
    expect(cap.take('warn', 'c\nd\ne')).toBe('c');
    cap.take('error', 'f');
    expect(cap.peek()).toEqual({ omitted: 1, tail: [{ stream: 'warn', text: 'e' }, { stream: 'error', text: 'f' }] });
  });

  it('counts characters as well as lines', () => {
    const cap = small();
    expect(cap.take('log', 'x'.repeat(60))).not.toBeNull();
    expect(cap.take('log', 'y'.repeat(60))).toBeNull();
    // one line is always kept, even when it alone is over the tail's characters
    expect(cap.peek().tail).toEqual([{ stream: 'log', text: 'y'.repeat(60) }]);
  });

  it('keeps the tail within its characters, and cuts a very long tail line', () => {
    const cap = new StdoutCap({ headLines: 0, headChars: 0, tailLines: 10, tailChars: 25 });
    for (const t of ['0123456789', 'abcdefghij', 'ABCDEFGHIJ']) cap.take('log', t);
    expect(cap.peek()).toEqual({ omitted: 1, tail: [{ stream: 'log', text: 'abcdefghij\nABCDEFGHIJ' }] });
    cap.take('log', 'z'.repeat(TAIL_LINE_CHARS * 2));
    expect(cap.peek().tail.at(-1)?.text).toHaveLength(TAIL_LINE_CHARS + 1);
  });

  it('takes only the last lines of one huge text', () => {
    const cap = small();
    cap.take('log', Array.from({ length: 10_000 }, (_, i) => i).join('\n'));
    expect(cap.peek()).toEqual({ omitted: 10_000 - 3 - 2, tail: [{ stream: 'log', text: '9998\n9999' }] });
  });

  it('drains the tail and starts counting again', () => {
    const cap = small();
    for (let i = 0; i < 10; i++) cap.take('log', String(i));
    expect(cap.drain()).toEqual({ omitted: 5, tail: [{ stream: 'log', text: '8\n9' }] });
    expect(cap.peek()).toEqual({ omitted: 0, tail: [] });
    cap.take('log', 'later');
    expect(cap.peek().tail).toEqual([{ stream: 'log', text: 'later' }]);
  });

  it('does constant work per line: a million lines in well under a second', () => {
    const cap = new StdoutCap({ headLines: 1000, headChars: 100_000, tailLines: 200, tailChars: 50_000 });
    const t0 = performance.now();
    for (let i = 0; i < 1e6; i++) cap.take('log', String(i));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(cap.omitted).toBe(1e6 - 1200);
    expect(cap.peek().tail[0].text.split('\n').at(-1)).toBe('999999');
  });
});
