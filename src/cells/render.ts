/**
 * Drawing worker messages into a cell's output region: text streams, values, tensors as small
 * matrices, check badges, errors and (through plot-render.ts, loaded on demand) charts. Messages
 * arrive validated (validate.ts) but still untrusted: everything is built as DOM with text, and the
 * work per run is bounded (console lines by StdoutView, other outputs by PAGE_OUTPUTS).
 */
import type { CheckMessage, ErrorMessage, FigureSpec, FromWorker, OmittedMessage, ProgressMessage, TensorMessage } from './protocol.ts';
import type { CellStrings } from './strings.ts';
import { PAGE_OUTPUTS } from './limits.ts';
import { StdoutView } from './stdout-view.ts';
import { el } from './dom.ts';

/** Draws (or redraws, in place) a figure into its holder. */
export type DrawFigure = (holder: HTMLElement, spec: FigureSpec) => void;

/** The page's: Observable Plot, loaded when a cell first plots (plot-render.ts). */
const drawLive: DrawFigure = (holder, spec) => {
  void import('./plot-render.ts').then(({ drawFigure }) => drawFigure(holder, spec)).catch((e: unknown) => {
    holder.replaceChildren(el('p', 'gb-out gb-out--error', `plot: ${(e as Error).message}`, holder.ownerDocument));
  });
};

const fmt = (x: number | undefined) => (x === undefined ? '' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(4))));

export class OutputView {
  #figures = new Map<string, HTMLElement>();
  #progress = new Map<string, HTMLElement>();
  #stdout: StdoutView;
  /** Outputs other than stdout drawn in this run, and those over PAGE_OUTPUTS left out. */
  #drawn = 0;
  #hidden = 0;
  #hiddenNote: HTMLElement | undefined;
  #warnedMalformed = false;

  readonly root: HTMLElement;
  readonly t: CellStrings;
  readonly cellLabel: string;
  readonly drawFigure: DrawFigure;

  /** `drawFigure`: how charts are drawn (the build draws them synchronously, prerender-html.ts). */
  constructor(root: HTMLElement, t: CellStrings, cellLabel: string, drawFigure: DrawFigure = drawLive) {
    this.root = root;
    this.t = t;
    this.cellLabel = cellLabel;
    this.drawFigure = drawFigure;
    this.#stdout = new StdoutView(root, t);
  }

  /** An element of the region's own document (a JSDOM one when the build draws the output). */
  #el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
    return el(tag, className, text, this.root.ownerDocument);
  }

  /** Empties the region for a new run (and resets the run's budgets). */
  clear(): void {
    this.root.replaceChildren();
    this.#figures.clear();
    this.#progress.clear();
    this.#stdout.clear();
    this.#drawn = 0;
    this.#hidden = 0;
    this.#hiddenNote = undefined;
    this.#warnedMalformed = false;
  }

  /** The run ended: draws what was held back (the console tail). */
  finish(): void {
    this.#stdout.flush();
  }

  /** Renders one message of the current run, within the run's budget. */
  add(message: FromWorker): void {
    if (message.type === 'stdout') {
      this.#stdout.add(message.stream, message.text);
      return;
    }
    this.#stdout.break();
    if (message.type === 'omitted') {
      this.#omitted(message);
      return;
    }
    if (!this.#admit(message)) return;
    switch (message.type) {
      case 'value': this.root.append(this.#el('pre', 'gb-out gb-out--value', message.repr)); break;
      case 'tensor': this.root.append(this.#tensor(message)); break;
      case 'check': this.root.append(this.#check(message)); break;
      case 'error': this.root.append(this.#error(message)); break;
      case 'plot': this.#plot(message.figureId, message.spec); break;
      case 'trace': this.root.append(this.#trace(message.tape)); break;
      case 'progress': this.#drawProgress(message); break;
      default: break;
    }
  }

  /** A line of text from the page itself (not from the cell). */
  notice(text: string, kind: 'warn' | 'error' = 'warn'): void {
    this.#stdout.break();
    this.root.append(this.#el('p', `gb-out gb-out--${kind}`, text));
  }

  /** A message from the worker failed validation: said once per run, then ignored quietly. */
  malformed(): void {
    if (this.#warnedMalformed) return;
    this.#warnedMalformed = true;
    this.notice(this.t.malformed);
  }

  /** Counts an output against PAGE_OUTPUTS; a redraw of a figure or progress bar already shown is free. */
  #admit(message: FromWorker): boolean {
    if (message.type === 'plot' && this.#figures.has(message.figureId)) return true;
    if (message.type === 'progress' && this.#progress.has(message.id)) return true;
    if (++this.#drawn <= PAGE_OUTPUTS) return true;
    this.#hide(1);
    return false;
  }

  #hide(count: number): void {
    this.#hidden += count;
    if (!this.#hiddenNote) {
      this.#hiddenNote = this.#el('p', 'gb-out gb-out--warn gb-out--omitted');
      this.root.append(this.#hiddenNote);
    }
    this.#hiddenNote.textContent = this.t.hiddenOutputs(this.#hidden);
  }

  /** The worker's report of what it left out. */
  #omitted(m: OmittedMessage): void {
    if (m.lines > 0) this.#stdout.omitted(m.lines);
    if (m.outputs > 0) this.#hide(m.outputs);
  }

  #tensor(m: TensorMessage): HTMLElement {
    const figure = this.#el('figure', 'gb-tensor');
    if (m.data) {
      const table = this.#el('table', 'gb-tensor__matrix');
      for (const row of m.data) {
        const tr = this.#el('tr', '');
        for (const cell of row) tr.append(this.#el('td', cell === null ? 'gb-tensor__gap' : '', cell ?? '…'));
        table.append(tr);
      }
      figure.append(table);
    } else {
      figure.append(this.#el('pre', 'gb-out', m.text));
    }
    figure.append(this.#el('figcaption', 'gb-tensor__shape', `${this.t.shape} [${m.shape.join(', ')}] · ${m.dtype}`));
    if (m.nanCount > 0) figure.append(this.#el('p', 'gb-out gb-out--warn', this.t.nan(m.nanCount)));
    return figure;
  }

  #check(m: CheckMessage): HTMLElement {
    const box = this.#el('div', `gb-check gb-check--${m.ok ? 'ok' : 'fail'}`);
    const badge = this.#el('span', 'gb-check__badge', m.ok ? '✓' : '✗');
    badge.setAttribute('aria-label', m.ok ? 'passed' : 'failed');
    box.append(badge, this.#el('span', 'gb-check__label', m.label));
    const d = m.details;
    const numbers = [d?.maxAbsError !== undefined ? `max abs err ${fmt(d.maxAbsError)}` : '', d?.maxRelError !== undefined ? `max rel err ${fmt(d.maxRelError)}` : '']
      .filter(Boolean).join(' · ');
    if (numbers) box.append(this.#el('span', 'gb-check__numbers', numbers));
    if (d?.text) box.append(this.#el('span', 'gb-check__text', d.text));
    if (!m.ok && d?.worst?.length) {
      const table = this.#el('table', 'gb-check__worst');
      const head = this.#el('tr', '');
      for (const h of ['', 'actual', 'expected', '|Δ|']) head.append(this.#el('th', '', h));
      table.append(head);
      for (const w of d.worst) {
        const tr = this.#el('tr', '');
        for (const v of [w.where, fmt(w.actual), fmt(w.expected), fmt(w.absError)]) tr.append(this.#el('td', '', v));
        table.append(tr);
      }
      box.append(table);
    }
    return box;
  }

  #error(m: ErrorMessage): HTMLElement {
    const box = this.#el('div', 'gb-out gb-out--error');
    box.setAttribute('role', 'alert');
    const where = this.t.errorAt(m.cellId ?? this.cellLabel, m.line, m.column);
    const kind = m.kind === 'syntax' ? 'SyntaxError' : m.kind === 'timeout' ? 'Timeout' : '';
    box.append(this.#el('strong', '', `${where}: `), this.root.ownerDocument.createTextNode(kind && !m.message.startsWith(kind) ? `${kind}: ${m.message}` : m.message));
    return box;
  }

  /** A progress bar: <progress> and "label 120 / 1000 · 8.3/s · 1:46 left", updated in place. */
  #drawProgress(m: ProgressMessage): void {
    let holder = this.#progress.get(m.id);
    if (!holder) {
      holder = this.#el('div', 'gb-progress');
      holder.dataset.progressId = m.id;
      const bar = this.root.ownerDocument.createElement('progress');
      bar.setAttribute('aria-label', m.label || this.t.progress);
      holder.append(bar, this.#el('span', 'gb-progress__text'));
      this.#progress.set(m.id, holder);
      this.root.append(holder);
    }
    const bar = holder.querySelector('progress')!;
    bar.max = m.total;
    bar.value = m.value;
    holder.dataset.value = String(m.value);
    holder.querySelector('.gb-progress__text')!.textContent = this.t.progressText(m.label, m.value, m.total, m.rate, m.remaining);
  }

  /** A traced graph, drawn by the step-through viewer (loaded on first use). */
  #trace(tape: import('./trace-data.ts').TraceData): HTMLElement {
    const holder = this.#el('div', 'gb-trace', `${tape.title} · ${tape.steps.length}`);
    import('../../components/stepper/stepper.ts').then(({ mountStepper }) => mountStepper(holder, tape)).catch((e: unknown) => {
      holder.replaceChildren(this.#el('p', 'gb-out gb-out--error', `trace: ${(e as Error).message}`));
    });
    return holder;
  }

  #plot(figureId: string, spec: FigureSpec): void {
    let holder = this.#figures.get(figureId);
    if (!holder) {
      holder = this.#el('div', 'gb-plot');
      holder.dataset.figureId = figureId;
      this.#figures.set(figureId, holder);
      this.root.append(holder);
    }
    this.drawFigure(holder, spec);
  }
}
