/**
 * <gb-assignment>: the page script of an assignment hand-out page (AssignmentPage.astro). It
 * keeps the course id (per assignment, in localStorage), draws the variant cells for it, shows
 * the browser-check progress, and makes and loads submission files. It never runs a student's
 * code by itself: only Run and Check do (the cells and <gb-exercise>).
 */
import { pageNotebook } from '../../src/cells/notebook.ts';
import { debounce } from '../../src/cells/storage.ts';
import { assignmentMessages, type AssignmentMessages } from './messages.ts';
import { VariantCells } from './variants.ts';
import { currentResults, writePass } from './progress.ts';
import { currentSources, starterCells, type CellElement } from './cell-element.ts';
import { canHash, downloadSubmission, readSubmissionFile, type PageInfo } from './transfer.ts';

interface Config extends PageInfo {
  exercises: { id: string; checks: number }[];
}

const courseKey = (assignment: string) => `gradbook:assignment:v1:${assignment}:courseId`;

class GbAssignment extends HTMLElement {
  #config: Config | undefined;
  #t!: AssignmentMessages;
  #input!: HTMLInputElement;
  #starters = new Map<string, CellElement>();
  #variants!: VariantCells;
  /** The id the variants are drawn for. */
  #courseId = '';
  /** Exercises whose Check was pressed and whose outcome is awaited. */
  #checking = new Set<string>();
  #typed = debounce(() => void this.#applyCourseId(), 700);
  #edited = debounce(() => void this.#refresh(), 500);

  connectedCallback(): void {
    if (this.#config) return;
    const config = JSON.parse(this.querySelector('[data-assignment-config]')?.textContent ?? 'null') as Config;
    this.#config = config;
    this.#t = assignmentMessages(config.lang);
    this.#input = this.querySelector<HTMLInputElement>('[data-course-id]')!;
    this.#starters = starterCells(this);
    this.#variants = new VariantCells(this, config.id, this.#t);
    for (const el of this.querySelectorAll<HTMLElement>('[data-needs-js]')) el.hidden = false;
    this.#courseId = readCourseId(config.id);
    this.#input.value = this.#courseId;
    this.#input.addEventListener('input', () => this.#typed());
    this.#input.addEventListener('change', () => this.#typed.flush());
    this.addEventListener('click', (e) => this.#onClick(e));
    for (const input of this.querySelectorAll<HTMLInputElement>('[data-load]')) input.addEventListener('change', () => void this.#load(input));
    // Typing in a starter may undo an earlier pass: recount a little after the last keystroke.
    this.addEventListener('input', (e) => {
      if ((e.target as Element).closest?.('gb-cell[data-role="starter"]')) this.#edited();
    });
    this.#watchChecks();
    void this.#start();
  }

  async #start(): Promise<void> {
    if (!canHash()) return; // no Web Crypto (plain http): variants and files cannot work; Download says so
    await Promise.all([customElements.whenDefined('gb-cell'), customElements.whenDefined('gb-exercise')]); // separate scripts
    const drawn = await this.#variants.setCourseId(this.#courseId, false);
    // Runs by itself once the page has settled (idle time), so the variant shows without a Run.
    if (drawn) idle(() => void this.#variants.preview());
    await this.#refresh();
  }

  /** Takes the id from the field: stores it, and redraws the variants when it changed. */
  async #applyCourseId(): Promise<void> {
    const id = this.#input.value.trim();
    if (id === this.#courseId || !this.#config) return;
    this.#courseId = id;
    writeCourseId(this.#config.id, id);
    // "Enter your course id first" is answered now.
    if (id) for (const m of this.querySelectorAll<HTMLElement>('[data-message]')) if (m.textContent === this.#t.needId) say(m, '', 'ok');
    if (canHash() && (await this.#variants.setCourseId(id, true))) await this.#variants.preview();
  }

  #onClick(event: Event): void {
    const target = event.target as HTMLElement;
    const download = target.closest<HTMLButtonElement>('[data-download]');
    if (download) {
      void this.#download(download);
      return;
    }
    const check = target.closest('[data-exercise-check]');
    const exercise = check?.closest<HTMLElement>('[data-assignment-exercise]')?.dataset.assignmentExercise;
    if (exercise) this.#checking.add(exercise);
  }

  /** Records each Check's outcome with the code it was made on (progress.ts). */
  #watchChecks(): void {
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const status = record.target as HTMLElement;
        const id = status.closest<HTMLElement>('[data-assignment-exercise]')?.dataset.assignmentExercise ?? '';
        const state = status.dataset.state;
        if (!this.#checking.has(id) || (state !== 'passed' && state !== 'failed')) continue;
        const code = this.#starters.get(id)?.code() ?? '';
        void writePass(this.#config!.id, id, state === 'passed', code).then(() => {
          this.#checking.delete(id);
          return this.#refresh();
        });
      }
    });
    for (const status of this.querySelectorAll('[data-assignment-exercise] [data-exercise-status]')) {
      observer.observe(status, { attributes: true, attributeFilter: ['data-state'] });
    }
  }

  /** Progress from the results that hold for the current code; clears a stale "passed". */
  async #refresh(): Promise<void> {
    const config = this.#config!;
    if (!canHash()) return;
    const checked = config.exercises.filter((e) => e.checks > 0);
    const results = await currentResults(config.id, Object.fromEntries(checked.map((e) => [e.id, this.#starters.get(e.id)?.code() ?? ''])));
    const passed = checked.filter((e) => results[e.id]?.passed).length;
    const bar = this.querySelector<HTMLProgressElement>('[data-progress-bar]');
    if (bar) bar.value = passed;
    const text = this.querySelector('[data-progress-text]');
    if (text) text.textContent = this.#t.progress(passed, checked.length, config.exercises.length - checked.length);
    for (const e of checked) {
      const status = this.querySelector<HTMLElement>(`[data-assignment-exercise="${e.id}"] [data-exercise-status]`);
      if (status?.dataset.state === 'passed' && !results[e.id]?.passed && !this.#checking.has(e.id)) {
        status.textContent = '';
        delete status.dataset.state;
      }
    }
  }

  async #download(button: HTMLElement): Promise<void> {
    const message = messageNear(button);
    if (!canHash()) return say(message, this.#t.noCrypto, 'error');
    this.#typed.flush();
    const courseId = this.#input.value.trim();
    if (!courseId) {
      say(message, this.#t.needId, 'error');
      this.#input.focus();
      return;
    }
    const sources = currentSources(this.#starters);
    const browser = await currentResults(this.#config!.id, sources);
    const result = await downloadSubmission(this.#config!, courseId, sources, browser, this.#t);
    say(message, result.ok ? this.#t.downloaded(result.name) : result.message, result.ok ? 'ok' : 'error');
  }

  /** Restores code and course id from a submission file; refuses a bad one and changes nothing then. */
  async #load(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    const message = messageNear(input);
    input.value = ''; // the same file can be chosen again
    if (!file) return;
    if (!canHash()) return say(message, this.#t.noCrypto, 'error');
    const outcome = await readSubmissionFile(file, this.#config!, this.#t);
    if (!outcome.ok) return say(message, outcome.message, 'error');
    const { submission, notes } = outcome;
    pageNotebook().stop(); // the worker's scope holds the old code; the next Run rebuilds it
    const restored: string[] = [];
    const ignored: string[] = [];
    for (const [id, work] of Object.entries(submission.exercises)) {
      const cell = this.#starters.get(id);
      if (cell) cell.setCode(work.source);
      (cell ? restored : ignored).push(id);
    }
    if (ignored.length) notes.push(this.#t.loadIgnored(ignored.join(', ')));
    this.#input.value = submission.student.courseId;
    void this.#applyCourseId(); // the variants follow the restored id (the page's own code, not the file's)
    say(message, [this.#t.loaded(when(submission.savedAt, this.#config!.lang), submission.student.courseId, restored.join(', ')), ...notes].join(' '), notes.length ? 'warn' : 'ok');
    await this.#refresh();
  }
}

function readCourseId(assignment: string): string {
  try {
    return localStorage.getItem(courseKey(assignment)) ?? '';
  } catch {
    return '';
  }
}

function writeCourseId(assignment: string, id: string): void {
  try {
    if (id) localStorage.setItem(courseKey(assignment), id);
    else localStorage.removeItem(courseKey(assignment));
  } catch {
    // storage off: the id lasts for this visit
  }
}

/** The message area of the button's group (the top panel or the one at the end of the page). */
function messageNear(el: HTMLElement): HTMLElement | null {
  return el.closest('[data-actions-group]')?.querySelector<HTMLElement>('[data-message]') ?? null;
}

function say(el: HTMLElement | null, text: string, state: 'ok' | 'warn' | 'error'): void {
  if (!el) return;
  el.dataset.state = state;
  el.textContent = text;
}

/** A file's `savedAt` in the reader's words, or as written when it is not a date. */
function when(iso: string, lang: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
}

function idle(fn: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}

if (!customElements.get('gb-assignment')) customElements.define('gb-assignment', GbAssignment);
