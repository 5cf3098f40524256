/**
 * Gradbook's service worker (bundled and given its precache list by src/offline/integration.mjs).
 *
 * Two tiers, because the whole book is ~30 MB once unpacked (the chapters' HTML alone is ~19 MB,
 * 2.2 MB gzip) and a reader's first visit may be on a phone:
 * - the shell is precached when the worker installs: scripts, styles, fonts, the cell worker with
 *   the engine and the editor (~1.2 MB gzip), so every page that is saved can also run its cells;
 * - pages, datasets, the checkpoint, images and the search index are saved when first used, and the
 *   "save the whole book" button (src/offline/client.ts) asks for all the rest at once.
 * Both tiers are keyed by the file's content hash from the build, so a new build replaces exactly
 * the files that changed, and a page is always served with the scripts of its own build.
 *
 * Updates: a new worker installs in the background and waits; the page offers a reload, and only
 * then does it take over (SKIP_WAITING from workbox-window's messageSkipWaiting).
 */
import { clientsClaim } from 'workbox-core';
import { precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import type { OfflineEntry, OfflineReply, OfflineRequest } from './protocol.ts';

// Service-worker globals the DOM library does not declare (only what this file uses).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface WorkerScope {
  location: Location;
  __WB_MANIFEST: { url: string; revision: string | null }[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}
declare const self: WorkerScope;

/** Files saved on first use: set at build time by esbuild's `define`. */
declare const __GB_ON_DEMAND__: OfflineEntry[];
/** Hash of every file of this build: shown to the page, so a test can tell two builds apart. */
declare const __GB_BUILD__: string;

const ON_DEMAND_CACHE = 'gradbook-on-demand';
const scope = new URL('./', self.location.href);
const onDemand = new Map(__GB_ON_DEMAND__.map((e) => [new URL(e.url, scope).pathname, e]));

precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: 'index.html', cleanURLs: false });

/** `/en/background` and `/en/background/index.html` are the page `/en/background/`. */
function entryFor(url: URL): OfflineEntry | undefined {
  const path = url.pathname.replace(/index\.html$/, '');
  return onDemand.get(path) ?? onDemand.get(`${path}/`);
}

/** The cache key of an on-demand file: its URL plus the build's hash of it, as Workbox precaches. */
const cacheKey = (entry: OfflineEntry) => `${new URL(entry.url, scope).href}?__gb_revision=${entry.revision}`;

const onDemandStrategy = new CacheFirst({
  cacheName: ON_DEMAND_CACHE,
  plugins: [
    {
      cacheKeyWillBeUsed: async ({ request }) => {
        const entry = entryFor(new URL(request.url));
        return entry ? cacheKey(entry) : request;
      },
    },
  ],
});

registerRoute(({ url }) => url.origin === scope.origin && entryFor(url) !== undefined, onDemandStrategy);

// The first worker takes over the page that installed it, so what the reader opens next is saved;
// a later one takes over only after the reader chose to reload (SKIP_WAITING below).
clientsClaim();

// Drop on-demand files of older builds (their hash differs), keep the ones that did not change.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const current = new Set([...onDemand.values()].map(cacheKey));
    const cache = await caches.open(ON_DEMAND_CACHE);
    for (const request of await cache.keys()) {
      if (!current.has(request.url)) await cache.delete(request);
    }
  })());
});

async function status(): Promise<OfflineReply> {
  const cache = await caches.open(ON_DEMAND_CACHE);
  const saved = new Set((await cache.keys()).map((r) => r.url));
  return {
    type: 'status',
    build: __GB_BUILD__,
    entries: [...onDemand.values()].map((e) => ({ ...e, saved: saved.has(cacheKey(e)) })),
  };
}

/** Saves the given on-demand files (unknown URLs are ignored); replies with what failed. */
async function save(urls: string[], event: ExtendableEvent): Promise<OfflineReply> {
  const failed: string[] = [];
  for (const url of urls) {
    const entry = entryFor(new URL(url, scope));
    if (!entry) continue;
    try {
      const [response, done] = onDemandStrategy.handleAll({ request: new Request(new URL(entry.url, scope)), event });
      if (!(await response).ok) failed.push(entry.url);
      await done;
    } catch {
      failed.push(entry.url);
    }
  }
  return { type: 'saved', failed };
}

self.addEventListener('message', (event) => {
  const message = event.data as OfflineRequest | null;
  const reply = (answer: OfflineReply) => event.ports[0]?.postMessage(answer);
  switch (message?.type) {
    case 'SKIP_WAITING':
      event.waitUntil(self.skipWaiting());
      break;
    case 'GB_STATUS':
      event.waitUntil(status().then(reply));
      break;
    case 'GB_SAVE':
      if (Array.isArray(message.urls)) event.waitUntil(save(message.urls.filter((u) => typeof u === 'string'), event).then(reply));
      break;
    default:
      // not ours (or malformed): ignore
  }
});
