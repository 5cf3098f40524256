/**
 * The page's side of offline reading, loaded after the page has loaded (Footer.astro), so none of it
 * counts against the JavaScript a page needs before its first Run. Registers the service worker
 * (src/offline/sw.ts) with workbox-window, shows what is saved, saves the whole book on request,
 * and offers a reload when a new build is waiting.
 */
import { Workbox, messageSW } from 'workbox-window';
import type { OfflineReply, OfflineRequest } from './protocol.ts';
import { offlineStrings } from './strings.ts';
import { OfflineStatusView, showUpdatePrompt } from './view.ts';

/** Set once the reader asked for the whole book: after an update, the changed files are fetched again. */
const WHOLE_BOOK = 'gradbook:offline:whole-book';
/** Files per request to the worker: small enough for a smooth progress bar. */
const BATCH = 4;

type Status = Extract<OfflineReply, { type: 'status' }>;

async function ask(request: OfflineRequest): Promise<OfflineReply> {
  const registration = await navigator.serviceWorker.ready;
  if (!registration.active) throw new Error('offline: no active service worker');
  return (await messageSW(registration.active, request)) as OfflineReply;
}

async function status(): Promise<Status> {
  const reply = await ask({ type: 'GB_STATUS' });
  if (reply.type !== 'status') throw new Error(`offline: unexpected reply ${reply.type}`);
  return reply;
}

async function save(urls: string[]): Promise<string[]> {
  const reply = await ask({ type: 'GB_SAVE', urls });
  return reply.type === 'saved' ? reply.failed : urls;
}

/** This page's URL as the worker lists it (relative to the site's base). */
function thisPage(base: string): string {
  return location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
}

export async function startOffline(root: HTMLElement): Promise<void> {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  const t = offlineStrings(document.documentElement.lang);
  const view = new OfflineStatusView(root, t);
  view.preparing();

  const wb = new Workbox(`${base}sw.js`, { scope: base });
  let reloading = false;
  const hadController = navigator.serviceWorker.controller !== null;
  // A new build: its worker waits until the reader reloads (edits are saved on pagehide).
  wb.addEventListener('waiting', () => showUpdatePrompt(t, () => {
    reloading = true;
    wb.messageSkipWaiting();
  }));
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
    // another tab switched to the new build: this page is still the old one
    else if (hadController) showUpdatePrompt(t, () => location.reload());
  });
  await wb.register();

  const page = thisPage(base);
  let saving = false;
  let resumed = false;
  const render = (s: Status) => {
    root.dataset.build = s.build;
    const missing = s.entries.filter((e) => !e.saved);
    if (missing.length === 0) view.bookSaved(s.entries.reduce((a, e) => a + e.bytes, 0));
    else view.pageSaved(missing.reduce((a, e) => a + e.bytes, 0), () => void saveAll());
  };
  const refresh = async () => {
    if (saving) return;
    let s = await status();
    if (s.entries.some((e) => e.url === page && !e.saved) && navigator.onLine) {
      await save([page]);
      s = await status();
    }
    // the reader asked for the whole book before a new build replaced some of it: fetch those again
    if (!resumed && localStorage.getItem(WHOLE_BOOK) && navigator.onLine && s.entries.some((e) => !e.saved)) {
      resumed = true;
      await saveAll();
    } else render(s);
  };
  const saveAll = async () => {
    if (saving) return;
    saving = true;
    localStorage.setItem(WHOLE_BOOK, '1');
    const missing = (await status()).entries.filter((e) => !e.saved);
    const progress = { done: 0, total: missing.length, bytes: 0, totalBytes: missing.reduce((a, e) => a + e.bytes, 0) };
    const failed: string[] = [];
    view.saving(progress);
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      failed.push(...(await save(batch.map((e) => e.url))));
      progress.done += batch.length;
      progress.bytes += batch.reduce((a, e) => a + e.bytes, 0);
      view.saving(progress);
    }
    saving = false;
    if (failed.length > 0) view.failed(failed.length, () => void saveAll());
    else render(await status());
  };
  await refresh();
  addEventListener('online', () => void refresh());
  addEventListener('offline', () => void refresh());
}
