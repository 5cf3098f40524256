// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkEquationNumbers } from './src/markdown/remark-equation-numbers.mjs';
import { remarkCells } from './src/markdown/remark-cells.mjs';
import { remarkJoinCjkLines } from './src/markdown/remark-join-cjk-lines.mjs';
import { remarkCitations } from './src/markdown/remark-citations.mjs';
import { mermaidPlugins } from './src/markdown/mermaid.mjs';
import { rehypeAsideIds, remarkAsideIds } from './src/markdown/aside-ids.mjs';
import { assignmentsSidebarLink, buildSidebar } from './src/sidebar.mjs';
import { offline } from './src/offline/integration.mjs';
import { cellTypesPlugin } from './src/cells/types/vite-plugin.ts';
import { lightTocPlugin } from './src/toc/vite-plugin.mjs';

// Cross-origin isolation: with these two headers the page may share memory with its workers, and
// the cpu backend's matmul runs on helper threads (kernels/backends/cpu/sgemm_threads.ts); without
// them it runs one thread. `astro dev` and `astro preview` send them; public/_headers asks hosts
// that read that file (Netlify, Cloudflare Pages) to do the same. Everything the book loads is its own.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  site: 'https://gradbook.example.org',
  server: { headers: isolation },
  // the editor's types: declarations generated from kernels/ at build time (src/cells/types)
  // Workers as ES modules (they are started with type: 'module'): Vite's default, IIFE, cannot
  // split, and would inline the webgl backend's gpu.js (~600 KB) that the cell worker imports on
  // demand (kernels/backends/webgl/register.ts) into every page's first Run.
  vite: { plugins: [cellTypesPlugin(), lightTocPlugin()], worker: { format: 'es', plugins: () => [cellTypesPlugin()] } },
  markdown: {
    // Astro 7 defaults to a non-remark processor; math and diagrams need the unified pipeline.
    processor: unified({
      remarkPlugins: [
        remarkMath,
        remarkEquationNumbers,
        remarkJoinCjkLines,
        // [@key] -> a link to appendix C; an unknown key fails the build
        [remarkCitations, { bibliography: new URL('./src/references/bibliography.yaml', import.meta.url) }],
        remarkCells,
        remarkAsideIds,
      ],
      rehypePlugins: [[rehypeKatex, { strict: 'ignore' }], rehypeAsideIds, ...mermaidPlugins()],
    }),
  },
  integrations: [
    starlight({
      title: { 'zh-CN': 'Gradbook 大模型互动教科书', en: 'Gradbook: Large Models, Interactively' },
      description: '一本可以运行、可以验证的大模型教科书。',
      logo: { src: './src/assets/logo.svg', alt: 'Gradbook' },
      favicon: '/favicon.svg',
      defaultLocale: 'root',
      locales: {
        root: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      sidebar: [...buildSidebar(new URL('./content/', import.meta.url)), assignmentsSidebarLink],
      customCss: ['katex/dist/katex.min.css', './src/styles/book.css'],
      components: { Footer: './src/overrides/Footer.astro' },
      // Starlight's own Markdown transforms (asides, heading anchors) for our top-level content/.
      markdown: { processedDirs: ['./content/'] },
      lastUpdated: false,
      pagination: true,
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
    }),
    // after Starlight, whose build:done writes Pagefind's index: the service worker lists it too
    offline(),
  ],
});
