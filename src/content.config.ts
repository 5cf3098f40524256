import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { chapterSchema } from './chapter-schema.ts';
import { chapterIdFromPath } from './chapter-id.mjs';

// Chapters live in the top-level content/ folder: content/zh/NN-name.mdx is the root (Chinese)
// locale, content/en/NN-name.mdx its English twin under /en/.
export const collections = {
  docs: defineCollection({
    loader: glob({
      base: './content',
      pattern: '{zh,en}/**/[^_]*.{md,mdx}',
      generateId: ({ entry }) => chapterIdFromPath(entry),
    }),
    schema: docsSchema({ extend: chapterSchema }),
  }),
  // UI strings that differ from Starlight's defaults (src/content/i18n/<lang>.json).
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
