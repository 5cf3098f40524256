/**
 * How a tensor lives in a texture. The layout depends on the element count only (the backend
 * interface does not pass shapes to upload/unary): element e sits in component e % 4 of texel
 * t = floor(e / 4), and texel t sits at (t % W, floor(t / W)) of a W x H RGBA32F texture, W a
 * power of two. Same size => same layout, so same-size elementwise ops work texel by texel.
 */
/** `lg` = log2(w): kernels address texels with shifts and masks. */
export interface Layout { size: number; texels: number; w: number; h: number; lg: number }

const MAX_W = 4096;

export function layoutOf(size: number): Layout {
  const texels = Math.max(1, Math.ceil(size / 4));
  // w <= h keeps the texture exactly w x h in gpu.js (a w x 1 output would be re-shaped)
  let w = 1;
  while (4 * w * w <= texels && w < MAX_W) w *= 2;
  return { size, texels, w, h: Math.ceil(texels / w), lg: Math.log2(w) };
}

/**
 * Merge adjacent axes that stay contiguous in every one of `strideSets` (all aligned to `shape`),
 * dropping size-1 axes. Keeps kernels at a small fixed rank.
 * @example collapse([2, 3, 4], [[12, 4, 1]]); // { shape: [24], strides: [[1]] }
 */
export function collapse(shape: readonly number[], strideSets: number[][]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strideSets.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    const mergeable = last >= 0 && strideSets.every((s, k) => outStrides[k][last] === s[d] * shape[d]);
    if (mergeable) {
      outShape[last] *= shape[d];
      strideSets.forEach((s, k) => { outStrides[k][last] = s[d]; });
    } else {
      outShape.push(shape[d]);
      strideSets.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** What a webgl Storage handle holds: the gpu.js texture (nested arrays in CPU modes) + layout. */
export interface GlStorage { tex: GlTexture; layout: Layout }
export interface GlTexture { delete?(): void }

/** Row-major strides. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
