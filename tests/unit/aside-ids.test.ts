import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
// Starlight's own aside plugin (not exported by the package), so this checks the real hand-over:
// ours runs before it, as user remark plugins do in astro.config.mjs, and the rehype half after.
import { remarkAsides } from '../../node_modules/@astrojs/starlight/dist/integrations/remark-asides.js';
import { rehypeAsideIds, remarkAsideIds } from '../../src/markdown/aside-ids.mjs';

async function render(markdown: string): Promise<string> {
  const starlight = remarkAsides({ absolutePathToLang: () => 'en', useTranslations: () => (key: string) => key } as never);
  const file = await unified()
    .use(remarkParse)
    .use(remarkDirective)
    .use(remarkAsideIds)
    .use(starlight)
    .use(remarkRehype)
    .use(rehypeAsideIds)
    .use(rehypeStringify)
    .process({ value: markdown, path: 'page.md' });
  return String(file);
}

describe('aside ids', () => {
  it('puts the directive id on the <aside> and leaves no marker behind', async () => {
    const html = await render(':::caution[Erratum]{#erratum-001-1-bert-size}\nDocument 001 §1 says.\n:::\n\n:::note\nNo id.\n:::');
    expect(html).toMatch(/<aside aria-label="Erratum" class="starlight-aside starlight-aside--caution" id="erratum-001-1-bert-size">/);
    expect(html).toContain('<p class="starlight-aside__title" aria-hidden="true">');
    expect(html).toContain('Erratum</p>');
    expect(html).not.toContain('data-aside-id');
    expect(html.match(/ id="/g)).toHaveLength(1);
  });

  it('keeps the id when the aside has no [label]', async () => {
    expect(await render(':::tip{#plain}\nText.\n:::')).toMatch(/<aside [^>]*id="plain"/);
  });

  it('refuses an id that is not a slug, and the same id twice on a page', async () => {
    await expect(render(':::caution[Erratum]{#Bad_Id}\nx\n:::')).rejects.toThrow(/page\.md: aside id "Bad_Id" is not a slug/);
    await expect(render(':::note{#a}\nx\n:::\n\n:::tip{#a}\ny\n:::')).rejects.toThrow(/aside id "a" is used twice/);
  });
});
