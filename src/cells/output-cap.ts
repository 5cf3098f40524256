/**
 * The console budget of one run, shared by the worker (what it sends) and the page (what it
 * draws): the first lines pass until the head is full; after that only the last lines are kept,
 * in a bounded tail, and the lines in between are counted. Work per line is constant, so a cell
 * printing a million lines costs a million cheap steps, not a million DOM updates.
 */
import { TAIL_LINE_CHARS, type StdoutLimits } from './limits.ts';

export type Stream = 'log' | 'warn' | 'error';
export interface Line {
  stream: Stream;
  text: string;
}

/** Lines in a text: one more than its newlines. */
function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** End of the longest prefix of whole lines within `lines` lines and `chars` characters (-1 if none). */
function prefixEnd(text: string, lines: number, chars: number): number {
  let end = -1;
  for (let i = text.indexOf('\n'), n = 1; i !== -1 && n <= lines && i <= chars; i = text.indexOf('\n', i + 1), n++) end = i;
  return end;
}

/** The last `n` lines of a text of `total` lines (only those are split off: a long text is not split whole). */
function lastLines(text: string, n: number, total: number): string[] {
  if (total <= n) return text.split('\n');
  let at = text.length;
  for (let k = 0; k < n; k++) at = text.lastIndexOf('\n', at - 1);
  return text.slice(at + 1).split('\n');
}

const clipLine = (line: string) => (line.length > TAIL_LINE_CHARS ? `${line.slice(0, TAIL_LINE_CHARS)}…` : line);

/** One run's console budget: head, bounded tail, and the count of lines left out between. */
export class StdoutCap {
  readonly limits: StdoutLimits;
  #headLines = 0;
  #headChars = 0;
  #overflow = false;
  /** Tail lines are `#tail[#start..]`; dropping from the front only moves `#start` (amortised O(1)). */
  #tail: Line[] = [];
  #start = 0;
  #tailChars = 0;
  /** Lines past the head so far (kept in the tail or not). */
  #past = 0;

  constructor(limits: StdoutLimits) {
    this.limits = limits;
  }

  /** True once the head is full: later lines only reach the tail. */
  get overflowing(): boolean {
    return this.#overflow;
  }

  /** Lines past the head that the tail no longer holds. */
  get omitted(): number {
    return this.#past - (this.#tail.length - this.#start);
  }

  /**
   * Takes one message's text: returns the part to show now (whole lines that fit in the head), or
   * null when none fits; the rest goes to the tail.
   */
  take(stream: Stream, text: string): string | null {
    if (this.#overflow) {
      this.#toTail(stream, text);
      return null;
    }
    const { headLines, headChars } = this.limits;
    const lines = countLines(text);
    if (this.#headLines + lines <= headLines && this.#headChars + text.length <= headChars) {
      this.#headLines += lines;
      this.#headChars += text.length;
      return text;
    }
    this.#overflow = true;
    const end = prefixEnd(text, headLines - this.#headLines, headChars - this.#headChars);
    this.#toTail(stream, end === -1 ? text : text.slice(end + 1));
    return end === -1 ? null : text.slice(0, end);
  }

  /** The tail as it is, consecutive lines of one stream joined, and the lines omitted before it. */
  peek(): { omitted: number; tail: Line[] } {
    const tail: Line[] = [];
    for (let i = this.#start; i < this.#tail.length; i++) {
      const line = this.#tail[i];
      const last = tail[tail.length - 1];
      if (last && last.stream === line.stream) last.text += `\n${line.text}`;
      else tail.push({ ...line });
    }
    return { omitted: this.omitted, tail };
  }

  /** Empties the tail, returning what `peek` would (the head stays full: later lines go to a new tail). */
  drain(): { omitted: number; tail: Line[] } {
    const out = this.peek();
    this.#tail = [];
    this.#start = 0;
    this.#tailChars = 0;
    this.#past = 0;
    return out;
  }

  #toTail(stream: Stream, text: string): void {
    const { tailLines, tailChars } = this.limits;
    const total = countLines(text);
    this.#past += total;
    for (const line of lastLines(text, tailLines, total)) {
      const clipped = clipLine(line);
      this.#tail.push({ stream, text: clipped });
      this.#tailChars += clipped.length;
    }
    while (this.#tail.length - this.#start > tailLines || (this.#tailChars > tailChars && this.#tail.length - this.#start > 1)) {
      this.#tailChars -= this.#tail[this.#start].text.length;
      this.#start++;
    }
    if (this.#start > 1024 && this.#start * 2 > this.#tail.length) {
      this.#tail = this.#tail.slice(this.#start);
      this.#start = 0;
    }
  }
}
