/**
 * Source generation for gpu.js kernels. Every kernel writes one RGBA texel = four consecutive
 * output elements, so a kernel starts from the flat texel index `t` of its thread.
 */

/** First lines of every kernel: the flat texel index of this thread. */
export const TEXEL = 'const t = this.thread.y * this.constants.W + this.thread.x;';

/**
 * Statements that set `${v}` to the flat input offset of output element `${e}` for an input
 * read through `strides` (0 on broadcast axes) over output dims `dims` (rank >= 0). Adds the
 * constants it names to `consts` under prefix `p`.
 */
export function offsetCode(
  p: string, e: string, v: string, dims: readonly number[], strideList: readonly number[],
  consts: Record<string, number>, base = 0,
): string {
  const lines: string[] = [];
  consts[`${p}O`] = base;
  lines.push(`let ${v} = this.constants.${p}O;`, `let ${v}r = ${e};`);
  for (let d = dims.length - 1; d >= 0; d--) {
    consts[`${p}D${d}`] = dims[d];
    consts[`${p}S${d}`] = strideList[d];
    if (d === 0) {
      lines.push(`${v} += ${v}r * this.constants.${p}S${d};`);
    } else {
      lines.push(
        `const ${v}q${d} = idiv(${v}r, this.constants.${p}D${d});`,
        `${v} += (${v}r - ${v}q${d} * this.constants.${p}D${d}) * this.constants.${p}S${d};`,
        `${v}r = ${v}q${d};`,
      );
    }
  }
  return lines.join('\n');
}

/** Wraps a body into `function (args) { ... }` source. */
export function fn(args: readonly string[], body: string): string {
  return `function (${args.join(', ')}) {\n${TEXEL}\n${body}\n}`;
}

/** `[x0, x1, x2, x3]` return statement for four component names. */
export function ret4(names: readonly string[]): string {
  return `return [${names.join(', ')}];`;
}

/** Constants as a stable cache-key fragment. */
export function keyOf(kind: string, consts: Record<string, number>): string {
  return kind + JSON.stringify(consts);
}
