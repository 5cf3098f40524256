// Gives a Starlight aside the id written on its directive, so a page elsewhere can link to it:
//
//   :::caution[Erratum]{#erratum-001-1-bert}   ->   <aside id="erratum-001-1-bert" class="starlight-aside …">
//
// Starlight's aside plugin keeps only the `icon` attribute and builds a new node, so the id is
// carried across in two steps: remarkAsideIds (which runs before Starlight's remark plugins, as
// user plugins do) puts a marker element carrying the id into the aside's content, and
// rehypeAsideIds (which runs after every remark plugin) moves the id onto the <aside> that
// contains the marker and removes the marker. An id that is not a plain slug, one used twice on a
// page, or a marker that ends up outside an aside fails the build, naming the file.
import { visit } from 'unist-util-visit';

const ASIDE_VARIANTS = new Set(['note', 'tip', 'caution', 'danger']);
export const ASIDE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MARKER = 'dataAsideId';

/** @returns {(tree: any, file: any) => void} */
export function remarkAsideIds() {
  return (tree, file) => {
    const seen = new Set();
    visit(tree, 'containerDirective', (node) => {
      const id = node.attributes?.id;
      if (!ASIDE_VARIANTS.has(node.name) || id === undefined || id === null) return;
      if (!ASIDE_ID.test(id)) {
        throw new Error(`${file.path}: aside id "${id}" is not a slug (lower-case letters, digits and single hyphens)`);
      }
      if (seen.has(id)) throw new Error(`${file.path}: aside id "${id}" is used twice on this page`);
      seen.add(id);
      delete node.attributes.id;
      const marker = { type: 'asideIdMarker', data: { hName: 'span', hProperties: { [MARKER]: id } }, children: [] };
      // after the [label] paragraph, which Starlight takes as the title only while it comes first
      const labelled = node.children[0]?.data?.directiveLabel === true;
      node.children.splice(labelled ? 1 : 0, 0, marker);
    });
  };
}

/** @returns {(tree: any, file: any) => void} */
export function rehypeAsideIds() {
  return (tree, file) => {
    visit(tree, 'element', (node, index, parent) => {
      const id = node.properties?.[MARKER];
      if (id === undefined || !parent || index === undefined) return;
      const aside = enclosingAside(tree, node);
      if (!aside) throw new Error(`${file.path}: aside id "${id}" is on a directive Starlight did not turn into an aside`);
      aside.properties.id = String(id);
      parent.children.splice(index, 1);
      return index;
    });
  };
}

/** The nearest <aside class="starlight-aside"> that contains `target`, or undefined. */
function enclosingAside(tree, target) {
  let found;
  const walk = (node, aside) => {
    if (found) return;
    const isAside = node.type === 'element' && node.tagName === 'aside' && [node.properties?.className].flat().includes('starlight-aside');
    const current = isAside ? node : aside;
    if (node === target) {
      found = current;
      return;
    }
    for (const child of node.children ?? []) walk(child, current);
  };
  walk(tree, undefined);
  return found;
}
