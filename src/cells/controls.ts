/**
 * Page side of `control`: sliders, selects, text inputs and toggles a cell asked for, drawn above
 * its output. They are kept across re-runs (so a slider being dragged keeps focus) and updated in
 * place; a change calls `onChange(id, kind)`, which re-runs the cell with the new value, or, for a
 * toggle of a running cell, hands the new value to the run (element.ts).
 */
import type { ControlSpec, ControlValue } from './protocol.ts';
import { MAX_CONTROLS } from './limits.ts';

const STEPS = 1000; // positions of a log-scale slider

function toSlider(spec: Extract<ControlSpec, { kind: 'range' }>, value: number): number {
  if (spec.scale !== 'log') return value;
  return Math.round((STEPS * Math.log(value / spec.min)) / Math.log(spec.max / spec.min));
}
function fromSlider(spec: Extract<ControlSpec, { kind: 'range' }>, position: number): number {
  if (spec.scale !== 'log') return position;
  return Number((spec.min * (spec.max / spec.min) ** (position / STEPS)).toPrecision(3));
}

type Kind = ControlSpec['kind'];

export class ControlsView {
  readonly root: HTMLElement;
  readonly values: Record<string, ControlValue> = Object.create(null);
  #inputs = new Map<string, { kind: Kind; row: HTMLElement }>();
  #toggles = new Map<string, Extract<ControlSpec, { kind: 'toggle' }>>();
  #onChange: (id: string, kind: Kind) => void;

  constructor(root: HTMLElement, onChange: (id: string, kind: Kind) => void) {
    this.root = root;
    this.#onChange = onChange;
  }

  /** Draws or updates a control to match what the cell ran with (at most MAX_CONTROLS per cell). */
  show(spec: ControlSpec): void {
    let entry = this.#inputs.get(spec.id);
    if (entry && entry.kind !== spec.kind) {
      entry.row.remove(); // the cell changed what this id is
      this.#inputs.delete(spec.id);
      entry = undefined;
    }
    if (!entry && this.#inputs.size >= MAX_CONTROLS) return;
    this.values[spec.id] = spec.value;
    if (!entry) {
      const row = spec.kind === 'range' ? this.#range(spec) : spec.kind === 'select' ? this.#select(spec)
        : spec.kind === 'text' ? this.#text(spec) : this.#toggle(spec);
      entry = { kind: spec.kind, row };
      this.#inputs.set(spec.id, entry);
      this.root.append(row);
      this.root.hidden = false;
    }
    if (spec.kind === 'toggle') {
      this.#toggles.set(spec.id, spec);
      this.#drawToggle(spec.id);
      return;
    }
    const input = entry.row.querySelector<HTMLInputElement | HTMLSelectElement>('input, select')!;
    if (document.activeElement !== input) {
      input.value = spec.kind === 'range' ? String(toSlider(spec, spec.value)) : String(spec.value);
    }
    const output = entry.row.querySelector('output');
    if (output) output.textContent = String(spec.value);
  }

  /** The cell's run ended: its toggles are off again (a toggle is on only while its run lasts). */
  runEnded(): void {
    for (const id of this.#toggles.keys()) {
      this.values[id] = false;
      this.#drawToggle(id);
    }
  }

  #drawToggle(id: string): void {
    const spec = this.#toggles.get(id);
    const button = this.#inputs.get(id)?.row.querySelector('button');
    if (!spec || !button) return;
    const on = this.values[id] === true;
    // The label says what a press does (Train / Stop); no aria-pressed on top of a changing label.
    button.dataset.on = String(on);
    button.textContent = `${on ? '■' : '▶'} ${on ? spec.onLabel : spec.label}`;
  }

  #toggle(spec: Extract<ControlSpec, { kind: 'toggle' }>): HTMLElement {
    const row = document.createElement('div');
    row.className = 'gb-control gb-control--toggle';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'gb-cell__button gb-control__toggle';
    button.dataset.control = spec.id;
    button.addEventListener('click', () => {
      this.values[spec.id] = this.values[spec.id] !== true;
      this.#drawToggle(spec.id);
      this.#onChange(spec.id, 'toggle');
    });
    row.append(button);
    return row;
  }

  #text(spec: Extract<ControlSpec, { kind: 'text' }>): HTMLElement {
    const row = this.#row(spec.label, false);
    const input = document.createElement('input');
    input.type = 'text';
    input.maxLength = spec.maxLength;
    input.size = Math.min(24, Math.max(6, spec.maxLength));
    if (spec.placeholder) input.placeholder = spec.placeholder;
    input.addEventListener('change', () => {
      this.values[spec.id] = input.value.slice(0, spec.maxLength);
      this.#onChange(spec.id, 'text');
    });
    row.querySelector('label')!.append(input);
    return row;
  }

  #range(spec: Extract<ControlSpec, { kind: 'range' }>): HTMLElement {
    const row = this.#row(spec.label);
    const input = document.createElement('input');
    input.type = 'range';
    const log = spec.scale === 'log';
    input.min = log ? '0' : String(spec.min);
    input.max = log ? String(STEPS) : String(spec.max);
    input.step = log ? '1' : String(spec.step ?? (spec.max - spec.min) / 100);
    input.addEventListener('input', () => {
      row.querySelector('output')!.textContent = String(fromSlider(spec, Number(input.value)));
    });
    input.addEventListener('change', () => {
      this.values[spec.id] = fromSlider(spec, Number(input.value));
      this.#onChange(spec.id, 'range');
    });
    row.querySelector('label')!.append(input);
    return row;
  }

  #select(spec: Extract<ControlSpec, { kind: 'select' }>): HTMLElement {
    const row = this.#row(spec.label);
    const select = document.createElement('select');
    select.append(...spec.options.map((o) => new Option(String(o), String(o))));
    select.addEventListener('change', () => {
      const chosen = spec.options.find((o) => String(o) === select.value);
      if (chosen !== undefined) this.values[spec.id] = chosen;
      this.#onChange(spec.id, 'select');
    });
    row.querySelector('label')!.append(select);
    return row;
  }

  #row(label: string, withOutput = true): HTMLElement {
    const row = document.createElement('div');
    row.className = 'gb-control';
    const l = document.createElement('label');
    const text = document.createElement('span');
    text.textContent = label;
    l.append(text);
    row.append(l);
    if (withOutput) row.append(document.createElement('output'));
    return row;
  }
}
