import { describe, expect, it } from 'vitest';
import { CellSyntaxError, compileCell, functionBody, stripTypes } from '../../src/cells/transpile.ts';

describe('stripTypes', () => {
  it('removes types and keeps every line where it was', () => {
    const code = 'const n: number = 1;\ninterface P { a: number }\ntype T = string;\nconst s = n as unknown as T;\nfunction f<X>(x: X): X { return x; }';
    const js = stripTypes(code);
    expect(js.split('\n')).toHaveLength(5);
    expect(js.split('\n')[0]).toBe('const n = 1;');
    expect(js).not.toMatch(/: number|interface|as unknown/);
  });

  it('reports a syntax error with its cell line and column', () => {
    try {
      stripTypes('const a = 1;\nconst b = (a;\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CellSyntaxError);
      expect((e as CellSyntaxError).line).toBe(2);
      expect((e as CellSyntaxError).column).toBeGreaterThan(1);
    }
  });
});

describe('compileCell', () => {
  it('finds top-level declarations, destructuring included', () => {
    const c = compileCell('const a = 1, { b, c: [d] } = o;\nlet e;\nfunction f() { const inner = 1; }\nclass G {}\n[...rest] = [];');
    expect(c.declared.sort()).toEqual(['a', 'b', 'd', 'e', 'f', 'G'].sort());
  });

  it('turns the last expression into the value', () => {
    expect(compileCell('const a = 1;\na + 1').hasValue).toBe(true);
    expect(compileCell('const a = 1;').hasValue).toBe(false);
    expect(compileCell('a + 1;\nconst b = 2;').hasValue).toBe(false);
  });

  it("drops imports from 'gradbook' but keeps aliases, on the same lines", () => {
    const c = compileCell("import { tensor, zeros as z } from 'gradbook';\nimport * as gb from 'gradbook';\nz([2])");
    const lines = c.body.split('\n');
    expect(lines[0]).toBe('const z = __gradbook["zeros"];');
    expect(lines[1]).toBe('const gb = __gradbook;');
    expect(c.declared).toEqual(['z', 'gb']);
  });

  it('refuses other imports and exports, naming the line', () => {
    expect(() => compileCell("const a = 1;\nimport fs from 'node:fs';")).toThrow(/only import from 'gradbook'/);
    try {
      compileCell("\n\nimport x from 'lodash';");
    } catch (e) {
      expect((e as CellSyntaxError).line).toBe(3);
    }
    expect(() => compileCell('export const a = 1;')).toThrow(/cannot export/);
  });

  it('allows top-level await', () => {
    expect(compileCell('const v = await Promise.resolve(1);\nv').hasValue).toBe(true);
  });

  it('writes back declared names and the scope names it was given', () => {
    const body = functionBody(compileCell('const a = b + 1;\na'), ['b']);
    expect(body).toContain('__scope["a"] = a;');
    expect(body).toContain('__scope["b"] = b;');
    expect(body.trimEnd().endsWith('return __v;')).toBe(true);
  });
});
