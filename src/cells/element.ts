/**
 * <gb-cell>: the island around a cell's static code. Shows the toolbar, restores the reader's
 * saved edit, loads the editor on first interaction, and hands runs to the page's notebook.
 * Everything heavy (editor, worker with the engine, plotting) loads on demand; an unedited cell
 * runs from its build-time compiled form, so the compiler loads only for an edited one.
 */
import type { FromWorker } from './protocol.ts';
import type { PackedCell } from './compiled.ts';
import { pageNotebook, type NotebookCell } from './notebook.ts';
import { OutputView } from './render.ts';
import { ControlsView } from './controls.ts';
import { cellStrings, type CellStrings } from './strings.ts';
import { clearEdit, debounce, loadEdit, saveEdit } from './storage.ts';
import type { CellEditor } from './editor.ts';

const page = location.pathname;

class GbCell extends HTMLElement implements NotebookCell {
  cellId = '';
  timeoutS = 20;
  onDemand = false;
  exercise: string | undefined;
  #t!: CellStrings;
  #original = '';
  #hash = '';
  #current = '';
  #runId = 0;
  #editor: CellEditor | undefined;
  #editorLoading: Promise<CellEditor> | undefined;
  #output!: OutputView;
  #controls!: ControlsView;
  #status!: HTMLElement;
  #errorLine: number | null = null;
  /** The output region still shows the build's output (data-prerendered) of the original code. */
  #built = false;
  /** The build-time highlighted code, to put back on Reset before the editor has loaded. */
  #staticCode: Node[] = [];
  #save = debounce((code: string) => this.#persist(code), 400);

  connectedCallback(): void {
    if (this.cellId) return;
    this.cellId = this.dataset.id ?? '';
    this.timeoutS = Number(this.dataset.timeout) || 20;
    this.onDemand = this.dataset.role === 'check' || this.dataset.role === 'solution';
    this.exercise = this.dataset.exercise;
    this.#t = cellStrings(this.dataset.lang ?? 'zh');
    this.#hash = this.dataset.hash ?? '';
    this.#original = JSON.parse(this.querySelector('[data-cell-source]')?.textContent ?? '""') as string;
    this.#current = this.#original;
    this.#status = this.querySelector('[data-cell-status]')!;
    this.#output = new OutputView(this.querySelector('[data-cell-output]')!, this.#t, this.cellId);
    this.#controls = new ControlsView(this.querySelector('[data-cell-controls]')!, (id, kind) => this.#controlChanged(id, kind));
    this.querySelector<HTMLElement>('.gb-cell__toolbar')!.hidden = false;
    this.addEventListener('click', (e) => this.#onClick(e));
    // a pointer on the toolbar (or a keyboard focus in it) usually precedes a Run by 100 ms or more:
    // start the worker then, in case the idle-time start (notebook.ts) has not come yet
    const toolbar = this.querySelector<HTMLElement>('.gb-cell__toolbar')!;
    for (const type of ['pointerover', 'focusin']) toolbar.addEventListener(type, () => pageNotebook().warmUp(), { once: true });
    this.querySelector('[data-action="backend"]')?.addEventListener('change', (e) => pageNotebook().setBackend((e.target as HTMLSelectElement).value));
    const holder = this.#codeView()!;
    this.#staticCode = [...holder.childNodes].map((n) => n.cloneNode(true));
    if (!this.hasAttribute('data-readonly')) {
      const open = () => void this.#openEditor(true);
      holder.addEventListener('focusin', open, { once: true });
      holder.addEventListener('click', open, { once: true });
    }
    this.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.shiftKey && !this.#editor) {
        e.preventDefault();
        void this.run();
      }
    });
    window.addEventListener('pagehide', () => this.#save.flush());
    this.#restore();
    pageNotebook().add(this);
    // an autorun cell's output was computed when the book was built and is in the page already
    // (src/cells/node/prerender.ts): nothing runs at load; Run recomputes it
    this.#built = this.hasAttribute('data-prerendered');
  }

  // ---- NotebookCell ----

  code(): string {
    return this.#editor?.code() ?? this.#current;
  }

  compiled(): PackedCell | undefined {
    if (this.code() !== this.#original) return undefined;
    const json = this.querySelector('[data-cell-compiled]')?.textContent;
    return json ? (JSON.parse(json) as PackedCell) : undefined;
  }

  controls(): Record<string, import('./protocol.ts').ControlValue> {
    return { ...this.#controls.values };
  }

  begin(runId: number, quiet = false): void {
    this.#runId = runId;
    if (quiet) return;
    this.#built = false;
    this.#output.clear();
    this.#markLine(null);
  }

  showsBuiltOutput(): boolean {
    return this.#built && this.code() === this.#original;
  }

  receive(message: FromWorker): void {
    if (message.runId !== this.#runId) return;
    if (message.type === 'done') {
      this.#output.finish();
      this.#controls.runEnded();
      this.#status.textContent = this.#t.ran(message.ms.toFixed(0), message.backend);
      if (message.kernelCompiles !== undefined) this.dataset.kernelCompiles = String(message.kernelCompiles);
      this.dataset.state = this.dataset.state === 'error' ? 'error' : 'done';
      return;
    }
    if (message.type === 'control') {
      this.#controls.show(message.spec);
      return;
    }
    if (message.type === 'error') {
      this.dataset.state = 'error';
      if (message.line && (!message.cellId || message.cellId === this.cellId)) this.#markLine(message.line);
    }
    this.#output.add(message);
  }

  malformed(): void {
    this.#output.malformed();
  }

  abort(reason: 'stopped' | 'timeout' | 'aboveFailed', detail?: string): void {
    this.dataset.state = 'error';
    this.#output.finish();
    this.#controls.runEnded();
    if (reason === 'aboveFailed') {
      this.#output.clear();
      this.#output.notice(this.#t.aboveFailed(detail ?? ''));
    } else {
      this.#output.add({ type: 'error', kind: reason === 'timeout' ? 'timeout' : 'runtime', message: reason === 'timeout' ? this.#t.timeout(this.timeoutS) : this.#t.stopped, channel: '', runId: this.#runId, cellId: this.cellId });
    }
    this.#status.textContent = '';
  }

  setRunning(running: boolean, queued = false): void {
    this.toggleAttribute('data-running', running);
    (this.querySelector('[data-action="stop"]') as HTMLButtonElement).disabled = !running;
    if (running) {
      this.dataset.state = 'running';
      this.#status.textContent = this.#t.running;
    } else if (queued) {
      this.dataset.state = 'queued';
      this.#status.textContent = this.#t.queued;
    }
  }

  setBackends(backends: string[], current: string): void {
    const select = this.querySelector<HTMLSelectElement>('[data-action="backend"]');
    if (!select) return;
    const names = backends.includes(current) ? backends : [...backends, current];
    if (select.options.length !== names.length || [...select.options].some((o, i) => o.value !== names[i])) {
      select.replaceChildren(...names.map((n) => new Option(n, n)));
    }
    select.value = current;
  }

  // ---- actions ----

  /**
   * Sets the code without running it (components/assignment: generated variants, work loaded from
   * a submission file); `save` keeps it as the reader's edit (not for generated code).
   */
  setCode(code: string, save = true): void {
    this.#current = code;
    this.#markLine(null);
    if (this.#editor) this.#editor.setCode(code);
    else if (code === this.#original) this.#codeView()!.replaceChildren(...this.#staticCode.map((n) => n.cloneNode(true)));
    else this.#showPlain(code);
    if (save) this.#persist(code);
  }

  run(): Promise<void> {
    this.#save.flush();
    return pageNotebook().run(this);
  }

  /**
   * A control changed: a toggle of the running cell goes to that run at once (Stop ends its loop,
   * keeping the scope); a toggle turned off while the cell waits in the queue only changes the
   * value the queued run will read; anything else re-runs the cell.
   */
  #controlChanged(id: string, kind: string): void {
    const value = this.#controls.values[id];
    if (kind === 'toggle') {
      if (this.hasAttribute('data-running') && pageNotebook().setControl(this, id, value)) return;
      if (value !== true && this.dataset.state === 'queued') return;
      if (value !== true) return; // turning off a toggle of an idle cell runs nothing
    }
    void this.run();
  }

  #onClick(event: Event): void {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.contains(button)) return;
    const action = button.dataset.action;
    if (action === 'run') void this.run();
    else if (action === 'runAll') {
      this.#save.flush();
      void pageNotebook().runAll();
    } else if (action === 'stop') pageNotebook().stop();
    else if (action === 'drift') void this.#drift(button);
    else if (action === 'edit') void this.#openEditor(true);
    else if (action === 'reset') this.#reset();
  }

  /** "Compare with float64" (notebook.drift, drift-view.ts): the table goes under the output. */
  async #drift(button: HTMLButtonElement): Promise<void> {
    this.#save.flush();
    const root = this.querySelector<HTMLElement>('[data-cell-drift]')!;
    const stop = this.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
    button.disabled = true;
    stop.disabled = false;
    this.dataset.drift = 'running';
    this.#status.textContent = this.#t.drift.running;
    const [answer, view] = await Promise.all([pageNotebook().drift(this), import('./drift-view.ts')]);
    view.showDrift(root, answer, this.#t);
    button.disabled = false;
    stop.disabled = !this.hasAttribute('data-running');
    this.dataset.drift = 'error' in answer && answer.error ? 'error' : 'done';
    this.#status.textContent = '';
  }

  #codeView(): HTMLElement | null {
    return this.querySelector('[data-cell-code]');
  }

  async #openEditor(focus: boolean): Promise<CellEditor> {
    this.#editorLoading ??= import('./editor.ts').then(({ createEditor }) => {
      const holder = this.#codeView()!;
      const details = holder.closest('details');
      if (details) details.open = true;
      holder.replaceChildren();
      holder.classList.add('gb-cell__code--editor');
      this.#editor = createEditor(holder, {
        doc: this.#current,
        readonly: this.hasAttribute('data-readonly'),
        label: `${this.#t.editorLabel} (${this.cellId})`,
        onChange: (code) => {
          this.#current = code;
          // the edited cell's Run will need the compiler: the worker fetches it while the reader types
          if (code !== this.#original) pageNotebook().prepareCompiler();
          this.#markLine(null);
          this.#save(code);
        },
        onRun: () => void this.run(),
        types: { cellId: this.cellId, pageCells: () => pageNotebook().cells.map((c) => ({ id: c.cellId, code: c.code() })) },
      });
      if (this.#errorLine) this.#editor.markLine(this.#errorLine);
      return this.#editor;
    });
    const editor = await this.#editorLoading;
    if (focus) editor.focus();
    return editor;
  }

  #markLine(line: number | null): void {
    this.#errorLine = line;
    if (this.#editor) {
      this.#editor.markLine(line);
      return;
    }
    const lines = this.#codeView()?.querySelectorAll('.line');
    lines?.forEach((l, i) => l.classList.toggle('gb-cell__error-line', line !== null && i === line - 1));
  }

  // ---- persistence ----

  #persist(code: string): void {
    if (code === this.#original) {
      clearEdit(page, this.cellId);
    } else {
      const previous = loadEdit(page, this.cellId);
      saveEdit(page, this.cellId, { code, originalHash: previous?.originalHash ?? this.#hash, savedAt: Date.now() });
    }
    this.#showEdited(code !== this.#original);
  }

  #restore(): void {
    const saved = loadEdit(page, this.cellId);
    if (!saved || saved.code === this.#original) return;
    this.#current = saved.code;
    this.#showPlain(saved.code);
    this.#showEdited(true);
    if (saved.originalHash !== this.#hash) this.#showChanged(saved.code);
  }

  /** Code as plain lines until the editor loads (the build highlighted the original only). */
  #showPlain(code: string): void {
    const pre = Object.assign(document.createElement('pre'), { className: 'gb-cell__plain', tabIndex: 0 });
    pre.replaceChildren(...code.split('\n').map((text, i, all) =>
      Object.assign(document.createElement('span'), { className: 'line', textContent: i < all.length - 1 ? `${text}\n` : text })));
    this.#codeView()!.replaceChildren(pre);
  }

  #showEdited(edited: boolean): void {
    this.toggleAttribute('data-edited', edited);
    const reset = this.querySelector<HTMLButtonElement>('[data-action="reset"]');
    if (reset) reset.hidden = !edited;
  }

  #showChanged(mine: string): void {
    const notice = this.querySelector<HTMLElement>('[data-cell-notice]')!;
    const t = this.#t;
    const text = document.createElement('p');
    text.textContent = t.changed;
    const button = (label: string, fn: () => void) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'gb-cell__button';
      b.textContent = label;
      b.addEventListener('click', fn);
      return b;
    };
    const compare = document.createElement('div');
    compare.className = 'gb-cell__compare';
    compare.hidden = true;
    for (const [label, code] of [[t.original, this.#original], [t.yours, mine]]) {
      const figure = document.createElement('figure');
      const caption = document.createElement('figcaption');
      caption.textContent = label;
      const pre = document.createElement('pre');
      pre.textContent = code;
      figure.append(caption, pre);
      compare.append(figure);
    }
    const compareButton = button(t.compare, () => {
      compare.hidden = !compare.hidden;
      compareButton.setAttribute('aria-expanded', String(!compare.hidden));
    });
    compareButton.setAttribute('aria-expanded', 'false');
    const keep = button(t.keepMine, () => {
      saveEdit(page, this.cellId, { code: this.code(), originalHash: this.#hash, savedAt: Date.now() });
      notice.hidden = true;
    });
    notice.replaceChildren(text, compareButton, keep, button(t.reset, () => this.#reset()), compare);
    notice.hidden = false;
  }

  #reset(): void {
    this.#save.flush();
    clearEdit(page, this.cellId);
    this.#current = this.#original;
    if (this.#editor) this.#editor.setCode(this.#original);
    else this.#codeView()!.replaceChildren(...this.#staticCode.map((n) => n.cloneNode(true)));
    clearEdit(page, this.cellId);
    this.#showEdited(false);
    const notice = this.querySelector<HTMLElement>('[data-cell-notice]');
    if (notice) notice.hidden = true;
  }
}

if (!customElements.get('gb-cell')) customElements.define('gb-cell', GbCell);
