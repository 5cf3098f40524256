// The site's public/ folder as a fetch, for the dataset tests: what the cell runner's asset.fetch
// and the built site serve, without a server.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

/** A fetch over public/, as the cell runner's asset.fetch and the site serve it; records the URLs asked. */
export function publicFetch(asked: string[] = []): typeof fetch {
  return (async (url: string | URL) => {
    const path = String(url);
    asked.push(path);
    try {
      return new Response(readFileSync(PUBLIC + path.replace(/^\//, '')));
    } catch {
      return new Response('not found', { status: 404, statusText: 'Not Found' });
    }
  }) as typeof fetch;
}
