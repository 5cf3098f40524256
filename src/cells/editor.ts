/**
 * The cell editor: CodeMirror 6 with TypeScript, loaded (dynamic import) the first time a reader
 * focuses, clicks or edits a cell. Tab is left to move focus (CodeMirror's default, for keyboard
 * users); Shift+Enter and Mod+Enter run. Colours come from CSS variables in cell.css, so the
 * editor follows Starlight's light/dark theme without reconfiguring.
 */
import { Compartment, EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { EditorView, Decoration, keymap, lineNumbers, highlightActiveLine, drawSelection, type DecorationSet } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';
import { tags } from '@lezer/highlight';

export interface EditorOptions {
  doc: string;
  readonly: boolean;
  /** Accessible name of the text area. */
  label: string;
  onChange(code: string): void;
  onRun(): void;
  /**
   * Types for this cell (editor-types.ts), loaded on the first edit: its id and the page's cells
   * in page order with their current code.
   */
  types?: { cellId: string; pageCells(): { id: string; code: string }[] };
}

export interface CellEditor {
  code(): string;
  setCode(code: string): void;
  /** Marks a 1-based line as the error line (null clears). */
  markLine(line: number | null): void;
  focus(): void;
}

const style = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.modifier, tags.operatorKeyword], color: 'var(--gb-code-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--gb-code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--gb-code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--gb-code-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--gb-code-function)' },
  { tag: [tags.typeName, tags.className], color: 'var(--gb-code-type)' },
  { tag: tags.propertyName, color: 'var(--gb-code-property)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--gb-code-bg)', color: 'var(--gb-code-fg)', fontSize: 'var(--sl-text-code, 0.875rem)' },
  '.cm-content': { fontFamily: 'var(--__sl-font-mono, ui-monospace, monospace)', caretColor: 'var(--gb-code-fg)' },
  '.cm-gutters': { backgroundColor: 'var(--gb-code-bg)', color: 'var(--gb-code-comment)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--gb-code-active)' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-text-accent)', outlineOffset: '2px' },
  '.cm-gb-error-line': { backgroundColor: 'var(--gb-error-bg)', boxShadow: 'inset 3px 0 0 var(--gb-error)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--gb-code-selection) !important' },
});

const setErrorLine = StateEffect.define<number | null>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const n = effect.value;
      if (n === null || n < 1 || n > tr.state.doc.lines) return Decoration.none;
      const line = tr.state.doc.line(n);
      return Decoration.set([Decoration.line({ class: 'cm-gb-error-line' }).range(line.from)]);
    }
    return tr.docChanged ? Decoration.none : deco.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function createEditor(parent: HTMLElement, options: EditorOptions): CellEditor {
  const run = () => {
    options.onRun();
    return true;
  };
  // the language service (a few MB) is fetched on the first edit, not when the editor opens
  const typed = new Compartment();
  let typesRequested = false;
  const loadTypes = (view: EditorView) => {
    const types = options.types;
    if (typesRequested || !types) return;
    typesRequested = true;
    import('./editor-types.ts')
      .then(({ typesExtension }) => typesExtension(types.cellId, types.pageCells))
      .then((extension) => {
        view.dispatch({ effects: typed.reconfigure(extension) });
        view.dom.dataset.types = 'ready'; // for tests and styles: diagnostics and completions are on
      })
      .catch((e: unknown) => console.warn('cell types unavailable:', e)); // the editor works without them
  };
  const extensions: Extension[] = [
    lineNumbers(), history(), drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(),
    javascript({ typescript: true }), syntaxHighlighting(style), theme, errorLine,
    keymap.of([{ key: 'Shift-Enter', run }, { key: 'Mod-Enter', run }, ...defaultKeymap, ...historyKeymap]),
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    EditorState.readOnly.of(options.readonly),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      options.onChange(update.state.doc.toString());
      loadTypes(update.view);
    }),
    typed.of([]),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: options.doc, extensions }) });
  return {
    code: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    markLine: (line) => view.dispatch({ effects: setErrorLine.of(line) }),
    focus: () => view.focus(),
  };
}
