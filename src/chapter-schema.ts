import { z } from 'astro/zod';

/** Book-specific frontmatter, on top of Starlight's own (title, description, ...). */
export const chapterSchema = z.object({
  /** Chapter number as printed ("第1章" / "Chapter 1"); appendices use 'A', 'B', ... */
  chapter: z.union([z.number().int().positive(), z.string().regex(/^[A-Z]$/)]).optional(),
  /** Part of the book the chapter belongs to; groups the sidebar. */
  part: z.enum(['foundations', 'methods', 'practice', 'horizons', 'appendix']).optional(),
  /** Source documents (file stems in shared/seeds, e.g. "000") this chapter follows. */
  sources: z.array(z.string().regex(/^\d{3}$/)).default([]),
  /** One-paragraph summary shown at the top of the chapter and in listings. */
  summary: z.string().optional(),
});
