/** One draw from a discrete distribution by inverse CDF. */
import { getDefaultGenerator, type Generator } from '../random.ts';

/**
 * Index i with probability probs[i]/Σprobs: one uniform u, then the first i whose running sum
 * exceeds u·Σprobs. O(n) per draw, one `generator.uniform()` consumed. The weights need not
 * sum to 1 (as torch.multinomial); negative, NaN or infinite weights, or a zero sum, throw.
 * @example multinomial([0.2, 0.5, 0.3], new Generator(0)); // 1 about half the time
 */
export function multinomial(probs: ArrayLike<number>, generator: Generator = getDefaultGenerator()): number {
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (!(p >= 0) || p === Infinity) throw new Error(`multinomial: probability ${i} is ${p} (need finite and ≥ 0)`);
    total += p;
  }
  if (!(total > 0) || total === Infinity) throw new Error(`multinomial: probabilities sum to ${total}`);
  const u = generator.uniform() * total;
  let cum = 0, last = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] === 0) continue;
    cum += probs[i];
    last = i;
    if (u < cum) return i;
  }
  // NOTE: u·total can round up to the running sum's last value; the last non-zero index is right then
  return last;
}
