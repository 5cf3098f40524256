/**
 * Files a cell may load with `asset(path)`: those of the site's `public/` folder, named by their
 * path from the site root ('/models/poet.gbck'). The browser fetches them from the site (under
 * Astro's base); the Node cell runner reads them from `public/`. A path is checked the same way in
 * both, so a cell that works in one works in the other.
 */

const SEGMENT = /^[\w.-]+$/;

/** `path` if it names a file under the site root; throws otherwise ('..', '//', a scheme, a query). */
export function assetPath(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.length > 500) {
    throw new Error(`asset: expected a path from the site root such as '/models/poet.gbck', got ${JSON.stringify(path)}`);
  }
  const segments = path.slice(1).split('/');
  if (segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) {
    throw new Error(`asset: ${JSON.stringify(path)} is not a plain file path (letters, digits, - _ . and /, no ..)`);
  }
  return path;
}

/** The browser's loader: fetches `path` under the site's base URL (Astro's `base`, '/' by default). */
export function fetchAssetLoader(base: string, origin: string): (path: string) => Promise<Uint8Array> {
  const root = base.endsWith('/') ? base : `${base}/`;
  return async (path) => {
    const url = new URL(root + assetPath(path).slice(1), origin);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`asset ${path}: ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
