/**
 * The offline status at the foot of every page and the "new version" prompt. Text only through
 * textContent; the state is also in `data-state` (preparing | page | saving | book | failed), for
 * styles and tests.
 */
import type { OfflineStrings } from './strings.ts';
import './offline.css';

export interface Progress {
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
}

export class OfflineStatusView {
  #root: HTMLElement;
  #t: OfflineStrings;
  #text = document.createElement('p');
  #button = document.createElement('button');
  #bar = document.createElement('progress');
  #onClick: () => void = () => {};

  constructor(root: HTMLElement, t: OfflineStrings) {
    this.#root = root;
    this.#t = t;
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', t.region);
    this.#text.className = 'gb-offline__text';
    this.#text.setAttribute('aria-live', 'polite');
    this.#button.type = 'button';
    this.#button.className = 'gb-offline__button';
    this.#button.addEventListener('click', () => this.#onClick());
    this.#bar.className = 'gb-offline__bar';
    root.replaceChildren(this.#text, this.#bar, this.#button);
    root.hidden = false;
  }

  preparing(): void {
    this.#show('preparing', this.#t.preparing);
  }

  /** This page is saved; `missingBytes` of the book are not. */
  pageSaved(missingBytes: number, saveAll: () => void): void {
    this.#show('page', this.#t.pageReady, this.#t.saveAll(missingBytes), saveAll);
  }

  saving(p: Progress): void {
    this.#show('saving', this.#t.saving(p.done, p.total, p.bytes, p.totalBytes));
    this.#bar.hidden = false;
    this.#bar.max = Math.max(1, p.totalBytes);
    this.#bar.value = p.bytes;
  }

  bookSaved(bytes: number): void {
    this.#show('book', this.#t.bookReady(bytes));
  }

  failed(count: number, retry: () => void): void {
    this.#show('failed', this.#t.failed(count), this.#t.retry, retry);
  }

  #show(state: string, text: string, action?: string, onClick?: () => void): void {
    this.#root.dataset.state = state;
    this.#text.textContent = navigator.onLine ? text : `${this.#t.offlineNow} ${text}`;
    this.#bar.hidden = true;
    this.#button.hidden = !action;
    this.#button.textContent = action ?? '';
    this.#onClick = onClick ?? (() => {});
  }
}

/** A bar at the bottom of the window: a new version is ready; `reload` switches to it. */
export function showUpdatePrompt(t: OfflineStrings, reload: () => void): void {
  if (document.querySelector('[data-offline-update]')) return;
  const bar = document.createElement('div');
  bar.className = 'gb-offline-update';
  bar.dataset.offlineUpdate = '';
  bar.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = t.update;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = t.reload;
  button.addEventListener('click', () => {
    button.disabled = true;
    reload();
  });
  bar.append(text, button);
  document.body.append(bar);
}
