// Mermaid diagrams: rendered to inline SVG at build time when a Chromium is available (no diagram
// JavaScript in the page), otherwise left as <pre class="mermaid"> for the lazy client renderer in
// src/scripts/mermaid-client.ts. The build log says which one it used.
import { toHtml } from 'hast-util-to-html';
import rehypeMermaid from 'rehype-mermaid';
import { visit } from 'unist-util-visit';
import { chromiumArgs, findChromium } from './chromium.mjs';

/** @returns {any[]} rehype plugin entries, in order */
export function mermaidPlugins() {
  const executablePath = findChromium();
  if (executablePath && process.env.GRADBOOK_MERMAID !== 'client') {
    console.info(`[gradbook] mermaid: inline SVG at build time (Chromium at ${executablePath})`);
    const options = {
      strategy: 'inline-svg',
      launchOptions: { executablePath, args: chromiumArgs },
      mermaidConfig: { theme: 'neutral', fontFamily: 'system-ui, sans-serif' },
    };
    return [[rehypeMermaid, options], rehypeFreezeDiagrams];
  }
  console.info('[gradbook] mermaid: no Chromium found, diagrams render lazily in the browser');
  return [[rehypeMermaid, { strategy: 'pre-mermaid' }]];
}

// NOTE: Astro's MDX pipeline turns a <style> into a `set:html` property and later serialises static
// subtrees to HTML, which writes that property out as a literal attribute: the diagram loses its
// CSS. Handing MDX the finished SVG as one HTML string keeps the <style> intact.
function rehypeFreezeDiagrams() {
  return (tree, file) => {
    if (!String(file.path ?? '').endsWith('.mdx')) return;
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'svg' || !String(node.properties?.id ?? '').startsWith('mermaid')) return;
      if (!parent || index === undefined) return;
      parent.children[index] = {
        type: 'mdxJsxFlowElement',
        name: 'Fragment',
        attributes: [{ type: 'mdxJsxAttribute', name: 'set:html', value: toHtml(node) }],
        children: [],
      };
    });
  };
}
