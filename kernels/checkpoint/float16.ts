/**
 * IEEE 754 half precision (binary16): 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
 * Largest finite 65504, smallest normal 2^-14, smallest subnormal 2^-24.
 */

/** Round a non-negative number to an integer, ties to even (Math.round rounds ties up). */
function roundEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/**
 * The binary16 bits nearest to `x` (round to nearest, ties to even), subnormals included;
 * overflow gives ±Infinity, NaN gives the quiet NaN 0x7e00. Works from the float64 value, so a
 * float32 input (exact in float64) is rounded once, as a float32→float16 cast does.
 * @example toFloat16Bits(1); // 0x3c00
 * toFloat16Bits(65520); // 0x7c00 (rounds past 65504 to Infinity)
 */
export function toFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // subnormal: a multiple of 2^-24 (scaling by 2^24 is exact); 1024 carries into the smallest normal
    return sign | roundEven(a * 2 ** 24);
  }
  // NOTE: log2 can be off by one next to a power of two; the two checks make e exact
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  if (e > 15) return sign | 0x7c00;
  let m = roundEven((a / 2 ** e) * 1024); // in [1024, 2048]; exact before rounding
  if (m === 2048) {
    m = 1024;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | (m - 1024);
}

/**
 * The number a binary16 bit pattern stands for.
 * @example fromFloat16Bits(0x3c00); // 1
 */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f ? NaN : sign * Infinity;
  return sign * (1 + f / 1024) * 2 ** (e - 15);
}
