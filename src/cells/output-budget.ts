/**
 * The worker's budget for one run: console output through a StdoutCap (the first lines, then only
 * the last ones), other outputs counted up to WORKER_OUTPUTS, and free text cut to the lengths the
 * page accepts. What was left out is reported once, in an `omitted` message before the run ends.
 */
import type { CheckDetails } from './protocol.ts';
import type { Output } from './helpers.ts';
import { MAX_LABEL, MAX_TEXT, WORKER_OUTPUTS, WORKER_STDOUT } from './limits.ts';
import { StdoutCap } from './output-cap.ts';

/** `text` cut to at most `max` characters, saying how much was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = ` … (${text.length - max} more characters)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

function clipDetails(d: CheckDetails | undefined): CheckDetails | undefined {
  if (!d) return d;
  return {
    ...d,
    text: d.text === undefined ? undefined : clip(d.text, MAX_TEXT),
    worst: d.worst?.map((w) => ({ ...w, where: clip(w.where, MAX_LABEL) })),
  };
}

/** Free-text fields cut to what the page accepts (a huge error message or label is not refused). */
function clipFields(m: Output): Output {
  switch (m.type) {
    case 'value': return { ...m, repr: clip(m.repr, MAX_TEXT) };
    case 'tensor': return { ...m, text: clip(m.text, MAX_TEXT) };
    case 'error': return { ...m, message: clip(m.message, MAX_TEXT), cellId: m.cellId === undefined ? undefined : clip(m.cellId, MAX_LABEL) };
    case 'check': return { ...m, label: clip(m.label, MAX_LABEL), details: clipDetails(m.details) };
    case 'control': return { ...m, spec: { ...m.spec, label: clip(m.spec.label, MAX_LABEL) } };
    case 'trace': return { ...m, tape: { ...m.tape, title: clip(m.tape.title, MAX_LABEL) } };
    case 'progress': return { ...m, label: clip(m.label, MAX_LABEL) };
    default: return m;
  }
}

/** One run's budget in the worker (a new one per handled message). */
export class RunBudget {
  #stdout = new StdoutCap(WORKER_STDOUT);
  #outputs = 0;
  #dropped = 0;
  /** Figures and progress bars already sent in this run (by kind and id): redrawing one is free. */
  #figures = new Set<string>();

  /** What to post now for one output (cut to size), or null when it is held back or left out. */
  pass(message: Output): Output | null {
    switch (message.type) {
      case 'stdout': {
        const text = this.#stdout.take(message.stream, clip(message.text, MAX_TEXT));
        return text === null ? null : { ...message, text };
      }
      case 'done': case 'error': case 'ready': case 'omitted': return clipFields(message);
      case 'plot': case 'progress': {
        // Redrawing a figure (a live loss curve) or moving a progress bar is not a new output.
        const key = message.type === 'plot' ? `plot:${message.figureId}` : `progress:${message.id}`;
        if (this.#figures.has(key)) return clipFields(message);
        this.#figures.add(key);
        break;
      }
      default: break;
    }
    if (++this.#outputs > WORKER_OUTPUTS) {
      this.#dropped++;
      return null;
    }
    return clipFields(message);
  }

  /** At the end of a run: the `omitted` counts, then the kept tail of the console (nothing if all was sent). */
  drain(): Output[] {
    if (!this.#stdout.overflowing && this.#dropped === 0) return [];
    const { omitted, tail } = this.#stdout.drain();
    const out: Output[] = [];
    if (omitted > 0 || this.#dropped > 0) out.push({ type: 'omitted', lines: omitted, outputs: this.#dropped });
    this.#dropped = 0;
    for (const line of tail) out.push({ type: 'stdout', stream: line.stream, text: line.text });
    return out;
  }
}
