// Astro integration: after the build, writes dist/sw.js, the service worker that makes the book
// readable and runnable offline (src/offline/sw.ts says what it caches and why).
//
// @vite-pwa/astro would do this, but its peer range stops at Astro 5; so the worker is bundled
// with esbuild and given its lists by workbox-build, the library underneath @vite-pwa.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { getManifest, injectManifest } from 'workbox-build';
import { shellFiles } from './shell-files.mjs';

const SW_SOURCE = fileURLToPath(new URL('./sw.ts', import.meta.url));

// Saved on first use or by "save the whole book": every page, the data and models cells load,
// images, and Pagefind's index (search then works offline too).
const ON_DEMAND = ['**/*.html', 'data/**/*', 'models/**/*', 'pagefind/**/*', '_astro/*.{webp,png,jpg,jpeg,avif,gif}'];
const NOT_OFFLINE = ['404.html', 'sw.js'];
const LARGEST_FILE = 16 * 1024 * 1024;

/** `en/background/index.html` is served and linked as `en/background/`. */
const pageUrl = (url) => url.replace(/(^|\/)index\.html$/, '$1');

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function offline() {
  return {
    name: 'gradbook:offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const shell = shellFiles(distDir);

        let onDemand = [];
        const { warnings } = await getManifest({
          globDirectory: distDir,
          globPatterns: ON_DEMAND,
          globIgnores: [...NOT_OFFLINE, ...shell],
          maximumFileSizeToCacheInBytes: LARGEST_FILE,
          manifestTransforms: [(entries) => {
            onDemand = entries.map((e) => ({ url: pageUrl(e.url), revision: e.revision ?? '', bytes: e.size }));
            return { manifest: entries };
          }],
        });
        for (const w of warnings) logger.warn(w);

        // One id for the whole build: changes whenever any offline file does.
        const hash = createHash('sha256');
        for (const file of shell) hash.update(file).update(readFileSync(join(distDir, file)));
        for (const e of onDemand) hash.update(e.url).update(e.revision);
        const buildId = hash.digest('hex').slice(0, 16);

        const swDest = join(distDir, 'sw.js');
        await build({
          entryPoints: [SW_SOURCE],
          outfile: swDest,
          bundle: true,
          format: 'iife',
          target: 'es2022',
          minify: true,
          legalComments: 'none',
          define: {
            'process.env.NODE_ENV': '"production"',
            __GB_ON_DEMAND__: JSON.stringify(onDemand),
            __GB_BUILD__: JSON.stringify(buildId),
          },
          logLevel: 'warning',
        });
        const precache = await injectManifest({
          swSrc: swDest,
          swDest,
          globDirectory: distDir,
          globPatterns: shell,
          // hashed file names need no revision of their own
          dontCacheBustURLsMatching: /^_astro\//,
          maximumFileSizeToCacheInBytes: LARGEST_FILE,
        });
        for (const w of precache.warnings) logger.warn(w);
        const onDemandBytes = onDemand.reduce((a, e) => a + e.bytes, 0);
        logger.info(`sw.js (build ${buildId}): precaches ${precache.count} files, ${mb(precache.size)}; ` +
          `${onDemand.length} more saved on first use or all at once, ${mb(onDemandBytes)}`);
      },
    },
  };
}
