/**
 * <gb-exercise>: the Check button of an exercise. It runs the reader's starter cell, then the
 * exercise's hidden check cells, and reads their outcome; a pass is remembered in this browser.
 * The checks are ordinary cells, so an instructor's grader runs the very same code in Node.
 */
import { pageNotebook, type NotebookCell } from '../../src/cells/notebook.ts';

const STRINGS = {
  zh: { passed: '✓ 已通过', failed: '✗ 还没通过，看看检查结果', checking: '检查中…', earlier: '✓ 之前已通过' },
  en: { passed: '✓ Passed', failed: '✗ Not yet: see the checks', checking: 'Checking…', earlier: '✓ Passed earlier' },
};

const storageKey = (id: string) => `gradbook:exercise:${id}`;

class GbExercise extends HTMLElement {
  connectedCallback(): void {
    const id = this.dataset.exercise ?? '';
    const t = this.dataset.lang === 'en' ? STRINGS.en : STRINGS.zh;
    const button = this.querySelector<HTMLButtonElement>('[data-exercise-check]');
    const status = this.querySelector<HTMLElement>('[data-exercise-status]');
    if (!button || !status) return;
    button.hidden = false;
    if (readPassed(id)) show(status, 'passed', t.earlier);
    button.addEventListener('click', async () => {
      const starter = this.querySelector('gb-cell[data-role="starter"]') as (HTMLElement & NotebookCell) | null;
      const checks = [...this.querySelectorAll('gb-cell[data-role="check"]')] as (HTMLElement & NotebookCell)[];
      if (!starter || checks.length === 0) return;
      button.disabled = true;
      show(status, 'running', t.checking);
      const notebook = pageNotebook();
      await notebook.run(starter);
      for (const check of checks) await notebook.run(check);
      const passed = outcome(checks);
      show(status, passed ? 'passed' : 'failed', passed ? t.passed : t.failed);
      if (passed) localStorage.setItem(storageKey(id), JSON.stringify({ passed: true, at: new Date().toISOString() }));
      button.disabled = false;
    });
  }
}

/** Passed when every check cell finished, with at least one check and no failure or error. */
function outcome(checks: HTMLElement[]): boolean {
  return checks.every(
    (cell) =>
      cell.dataset.state === 'done' &&
      cell.querySelector('.gb-check--ok') !== null &&
      cell.querySelector('.gb-check--fail, .gb-out--error') === null,
  );
}

function readPassed(id: string): boolean {
  try {
    return JSON.parse(localStorage.getItem(storageKey(id)) ?? 'null')?.passed === true;
  } catch {
    return false;
  }
}

function show(status: HTMLElement, state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

if (!customElements.get('gb-exercise')) customElements.define('gb-exercise', GbExercise);
