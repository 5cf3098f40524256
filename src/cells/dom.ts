/** DOM building for cell output: text always goes in through textContent, never as markup. */

/**
 * A new element with a class and, optionally, text. `doc`: the document to make it in (the build
 * draws autorun cells' outputs into a JSDOM document, src/cells/node/prerender-html.ts).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string, doc: Document = document): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
