// Swaps Starlight's table-of-contents highlighter for ours (src/toc/starlight-toc.ts: why, there).
// Matched on the path the import resolves to inside @astrojs/starlight; if Starlight moves the
// module, tests/e2e/site.test.ts fails (it looks for Starlight's `:has()` query in the built page).
import { fileURLToPath } from 'node:url';

const OURS = fileURLToPath(new URL('./starlight-toc.ts', import.meta.url));
const THEIRS = /@astrojs[\\/]starlight[\\/].*components-internals[\\/]TableOfContents[\\/]starlight-toc(\.[jt]s)?$/;

/** @returns {import('vite').Plugin} */
export function lightTocPlugin() {
  return {
    name: 'gradbook:light-toc',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/starlight-toc/.test(source) || source === OURS) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !THEIRS.test(resolved.id.split('?')[0])) return null;
      return OURS;
    },
  };
}
