/**
 * Page side of `control`: sliders and selects a cell asked for, drawn above its output. They are
 * kept across re-runs (so a slider being dragged keeps focus) and updated in place; a change
 * calls `onChange`, which re-runs the cell with the new value.
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

export class ControlsView {
  readonly root: HTMLElement;
  readonly values: Record<string, ControlValue> = {};
  #inputs = new Map<string, HTMLElement>();
  #onChange: () => void;

  constructor(root: HTMLElement, onChange: () => void) {
    this.root = root;
    this.#onChange = onChange;
  }

  /** Draws or updates a control to match what the cell ran with (at most MAX_CONTROLS per cell). */
  show(spec: ControlSpec): void {
    let row = this.#inputs.get(spec.id);
    if (!row && this.#inputs.size >= MAX_CONTROLS) return;
    this.values[spec.id] = spec.value;
    if (!row) {
      row = spec.kind === 'range' ? this.#range(spec) : this.#select(spec);
      this.#inputs.set(spec.id, row);
      this.root.append(row);
      this.root.hidden = false;
    }
    const input = row.querySelector<HTMLInputElement | HTMLSelectElement>('input, select')!;
    if (document.activeElement !== input) {
      input.value = spec.kind === 'range' ? String(toSlider(spec, spec.value)) : String(spec.value);
    }
    row.querySelector('output')!.textContent = String(spec.value);
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
      this.#onChange();
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
      this.#onChange();
    });
    row.querySelector('label')!.append(select);
    return row;
  }

  #row(label: string): HTMLElement {
    const row = document.createElement('div');
    row.className = 'gb-control';
    const l = document.createElement('label');
    const text = document.createElement('span');
    text.textContent = label;
    l.append(text);
    row.append(l, document.createElement('output'));
    return row;
  }
}
