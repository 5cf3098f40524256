/**
 * A run's console output on the page, with bounded work per line whatever arrives (cell code can
 * post stdout messages itself, around the worker's own cap). The first PAGE_STDOUT lines are
 * appended as Text nodes (never `textContent +=`, which copies the whole block each time); past
 * that, lines only update a bounded tail in memory, drawn at most every TAIL_REDRAW_MS and at the
 * end of the run, under an "N lines omitted" marker.
 */
import { PAGE_STDOUT } from './limits.ts';
import { StdoutCap, type Stream } from './output-cap.ts';
import { el } from './dom.ts';
import type { CellStrings } from './strings.ts';

const TAIL_REDRAW_MS = 100;

export class StdoutView {
  readonly root: HTMLElement;
  readonly t: CellStrings;
  #cap = new StdoutCap(PAGE_STDOUT);
  #block: HTMLElement | undefined;
  #blockStream = '';
  #tail: { box: HTMLElement; note: HTMLElement; lines: HTMLElement } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, t: CellStrings) {
    this.root = root;
    this.t = t;
  }

  /** An element of the region's own document (a JSDOM one when the build draws the output). */
  #el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
    return el(tag, className, text, this.root.ownerDocument);
  }

  /** One stdout message: appended while the head has room, else kept in the tail. */
  add(stream: Stream, text: string): void {
    const head = this.#cap.take(stream, text);
    if (head !== null) this.#append(stream, head);
    if (this.#cap.overflowing) this.#scheduleTail();
  }

  /** Another kind of output was drawn: the next console line starts a new block below it. */
  break(): void {
    this.#block = undefined;
  }

  /** The worker left `lines` lines out here (its own cap): a marker in their place. */
  omitted(lines: number): void {
    this.break();
    this.root.append(this.#el('p', 'gb-out gb-out--warn gb-out--omitted', this.t.omitted(lines)));
  }

  /** The run ended: draw the tail now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#tail) this.#drawTail();
  }

  /** A new run: empty budget (the caller empties the output region). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#cap = new StdoutCap(PAGE_STDOUT);
    this.#block = undefined;
    this.#tail = undefined;
  }

  #append(stream: Stream, text: string): void {
    if (!this.#block || this.#blockStream !== stream) {
      this.#block = this.#el('pre', `gb-out gb-out--${stream}`);
      this.#blockStream = stream;
      this.root.append(this.#block);
      this.#block.append(text);
    } else {
      this.#block.append(`\n${text}`);
    }
  }

  /** The tail goes where the head ended; later outputs of other kinds are appended below it. */
  #scheduleTail(): void {
    if (!this.#tail) {
      const box = this.#el('div', 'gb-out-tail');
      const note = this.#el('p', 'gb-out gb-out--warn gb-out--omitted');
      note.hidden = true;
      const lines = this.#el('div', '');
      box.append(note, lines);
      this.root.append(box);
      this.#tail = { box, note, lines };
      this.break();
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#drawTail();
    }, TAIL_REDRAW_MS);
  }

  #drawTail(): void {
    const { note, lines } = this.#tail!;
    const { omitted, tail } = this.#cap.peek();
    note.hidden = omitted === 0;
    note.textContent = this.t.omitted(omitted);
    lines.replaceChildren(...tail.map((line) => this.#el('pre', `gb-out gb-out--${line.stream}`, line.text)));
  }
}
