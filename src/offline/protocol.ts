/** Messages between the page (src/offline/client.ts) and the service worker (src/offline/sw.ts). */

/** A file saved on first use: its URL relative to the site root, a content hash, its size. */
export interface OfflineEntry {
  url: string;
  revision: string;
  bytes: number;
}

export type OfflineRequest =
  /** Take over now (the reader chose to reload into the new version). */
  | { type: 'SKIP_WAITING' }
  /** Which on-demand files are saved. */
  | { type: 'GB_STATUS' }
  /** Save these on-demand files (URLs relative to the site root or absolute). */
  | { type: 'GB_SAVE'; urls: string[] };

export type OfflineReply =
  | { type: 'status'; build: string; entries: (OfflineEntry & { saved: boolean })[] }
  | { type: 'saved'; failed: string[] };
