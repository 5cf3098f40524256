/** A max-heap of token ids ordered by score (ties: smaller id first), for partial selection. */

/**
 * Built in O(n) (Floyd), each pop O(log n): the top k of n come out in O(n + k log n),
 * without sorting the rest.
 * @example const h = new IdHeap([0, 1, 2], Float64Array.of(0.1, 3, 2)); h.pop(); // 1
 */
export class IdHeap {
  private readonly ids: Int32Array;
  private readonly score: Float64Array;
  private n: number;

  constructor(ids: ArrayLike<number>, score: Float64Array) {
    this.ids = Int32Array.from(ids);
    this.score = score;
    this.n = this.ids.length;
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.down(i, this.ids[i]);
  }

  get size(): number {
    return this.n;
  }

  /** The best remaining id (undefined when empty). */
  pop(): number | undefined {
    if (this.n === 0) return undefined;
    const top = this.ids[0];
    const last = this.ids[--this.n];
    if (this.n > 0) this.down(0, last);
    return top;
  }

  /** Sift `id` down from slot i (moving children up into the hole instead of swapping). */
  private down(i: number, id: number): void {
    const { ids, score, n } = this;
    const s = score[id];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (score[ids[r]] > score[ids[c]] || (score[ids[r]] === score[ids[c]] && ids[r] < ids[c]))) c = r;
      const sc = score[ids[c]];
      if (!(sc > s || (sc === s && ids[c] < id))) break;
      ids[i] = ids[c];
      i = c;
    }
    ids[i] = id;
  }
}
