/**
 * The step-through viewer: walks a recorded tape forward op by op (values), shows the loss, then
 * walks backward node by node (gradients), highlighting the matching equation. Step, back, play,
 * reset; ←/→ and Home on the focused viewer; the current step is announced to screen readers.
 */
import katex from 'katex';
import type { Preview, TraceData, TraceNode } from '../../src/cells/trace-data.ts';
import './stepper.css';

const STRINGS = {
  zh: { step: '下一步', back: '上一步', play: '播放', pause: '暂停', reset: '重置', forward: '前向', loss: '损失', backward: '反向', value: '值', grad: '梯度 ∂L/∂', start: '按“下一步”开始：先前向逐个算子，再看损失，最后反向逐个节点。', of: '/' },
  en: { step: 'Step', back: 'Back', play: 'Play', pause: 'Pause', reset: 'Reset', forward: 'Forward', loss: 'Loss', backward: 'Backward', value: 'value', grad: 'gradient ∂L/∂', start: 'Press Step: forward op by op, then the loss, then backward node by node.', of: '/' },
};

const PLAY_INTERVAL_MS = 900;

/** Draws the viewer for `data` (validated by validate-trace.ts) into `container`, as DOM with text. */
export function mountStepper(container: HTMLElement, data: TraceData): void {
  const t = document.documentElement.lang.startsWith('zh') ? STRINGS.zh : STRINGS.en;
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  // Tensor ids are global and large; number the nodes of this trace 1, 2, 3... instead.
  const local = new Map(data.nodes.map((n, i) => [n.id, i + 1]));
  const name = (node: TraceNode) => node.label ?? `#${local.get(node.id) ?? '?'}`;
  let index = -1;
  let timer: ReturnType<typeof setInterval> | undefined;

  const root = el('div', 'stepper');
  root.tabIndex = 0;
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', data.title);
  const bar = el('div', 'stepper__bar');
  const buttons = {
    reset: button(t.reset, '↺'),
    back: button(t.back, '◀'),
    step: button(t.step, '▶'),
    play: button(t.play, '▷'),
  };
  const status = el('span', 'stepper__status');
  status.setAttribute('aria-live', 'polite');
  bar.append(...Object.values(buttons), status);

  const equations = el('ol', 'stepper__equations');
  for (const eq of data.equations) {
    const li = el('li', 'stepper__equation');
    li.dataset.label = eq.label;
    renderTex(li, eq.tex);
    equations.append(li);
  }
  const tape = el('ol', 'stepper__tape');
  const rows = new Map<number, HTMLElement>();
  for (const node of data.nodes) {
    const li = el('li', 'stepper__node');
    li.dataset.op = node.op;
    li.textContent = describe(node, byId, name);
    rows.set(node.id, li);
    tape.append(li);
  }
  const detail = el('div', 'stepper__detail');
  const body = el('div', 'stepper__body');
  body.append(...(data.equations.length ? [equations] : []), tape, detail);
  root.append(bar, body);
  container.replaceChildren(root);

  function show(next: number): void {
    index = Math.max(-1, Math.min(data.steps.length - 1, next));
    const step = data.steps[index];
    buttons.back.disabled = index < 0;
    buttons.reset.disabled = index < 0;
    buttons.step.disabled = index >= data.steps.length - 1;
    const shown = new Set(data.steps.slice(0, index + 1).flatMap((s) => (s.phase === 'backward' ? [] : s.nodeIds)));
    const withGrad = new Set(data.steps.slice(0, index + 1).flatMap((s) => (s.phase === 'backward' ? s.nodeIds : [])));
    for (const [id, row] of rows) {
      const node = byId.get(id)!;
      const isInput = node.op === 'leaf' || node.op === 'constant';
      row.classList.toggle('is-computed', isInput || shown.has(id));
      row.classList.toggle('has-grad', withGrad.has(id));
      row.classList.toggle('is-current', step?.nodeIds.includes(id) ?? false);
    }
    for (const li of equations.children) {
      (li as HTMLElement).classList.toggle('is-current', step?.equation === (li as HTMLElement).dataset.label);
    }
    if (!step) {
      status.textContent = t.start;
      detail.replaceChildren();
      return;
    }
    const phase = step.phase === 'forward' ? t.forward : step.phase === 'loss' ? t.loss : t.backward;
    status.textContent = `${phase} · ${step.title} (${index + 1}${t.of}${data.steps.length})`;
    detail.replaceChildren(
      ...step.nodeIds.slice(-3).map((id) => {
        const node = byId.get(id)!;
        const showGrad = step.phase === 'backward';
        const caption = showGrad ? `${t.grad}${name(node)}` : `${name(node)} ${t.value}`;
        return matrix(caption, node.shape, showGrad ? node.grad : node.value);
      }),
    );
    rows.get(step.nodeIds[step.nodeIds.length - 1])?.scrollIntoView({ block: 'nearest' });
  }

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
    buttons.play.textContent = '▷';
    buttons.play.setAttribute('aria-label', t.play);
  }

  buttons.step.addEventListener('click', () => show(index + 1));
  buttons.back.addEventListener('click', () => show(index - 1));
  buttons.reset.addEventListener('click', () => (stop(), show(-1)));
  buttons.play.addEventListener('click', () => {
    if (timer) return stop();
    if (index >= data.steps.length - 1) show(-1);
    buttons.play.textContent = '❚❚';
    buttons.play.setAttribute('aria-label', t.pause);
    timer = setInterval(() => (index >= data.steps.length - 1 ? stop() : show(index + 1)), PLAY_INTERVAL_MS);
  });
  root.addEventListener('keydown', (event) => {
    if (event.target !== root) return;
    if (event.key === 'ArrowRight') show(index + 1);
    else if (event.key === 'ArrowLeft') show(index - 1);
    else if (event.key === 'Home') show(-1);
    else return;
    event.preventDefault();
  });
  show(-1);
}

/**
 * Renders an equation's TeX with KaTeX here on the page (this module is loaded on demand, so KaTeX
 * is too). The TeX comes from cell code: `trust: false` refuses \href, \htmlClass and the like,
 * and the size and macro-expansion caps keep a hostile formula from blowing up the layout or the CPU.
 */
function renderTex(target: HTMLElement, tex: string): void {
  try {
    katex.render(tex, target, { throwOnError: false, trust: false, strict: 'ignore', maxSize: 10, maxExpand: 100 });
  } catch {
    target.textContent = tex;
  }
}

function describe(node: TraceNode, byId: Map<number, TraceNode>, name: (n: TraceNode) => string): string {
  const shape = `[${node.shape.join('×')}]`;
  if (node.op === 'leaf' || node.op === 'constant') return `${name(node)} ${shape} · ${node.op}`;
  const args = node.inputs.map((id) => name(byId.get(id) ?? ({ id } as TraceNode))).join(', ');
  return `${name(node)} = ${node.op}(${args}) ${shape}`;
}

function matrix(caption: string, shape: number[], rows: Preview | null): HTMLElement {
  const figure = el('figure', 'stepper__matrix');
  const cap = el('figcaption', '');
  cap.textContent = `${caption} [${shape.join('×')}]`;
  figure.append(cap);
  if (!rows) {
    figure.append(Object.assign(el('p', ''), { textContent: '—' }));
    return figure;
  }
  const table = el('table', '');
  for (const row of rows) {
    const tr = el('tr', '');
    for (const x of row) tr.append(Object.assign(el('td', ''), { textContent: x ?? '…' }));
    table.append(tr);
  }
  figure.append(table);
  return figure;
}

function button(label: string, icon: string): HTMLButtonElement {
  const b = el('button', 'stepper__button') as HTMLButtonElement;
  b.type = 'button';
  b.textContent = icon;
  b.setAttribute('aria-label', label);
  b.title = label;
  return b;
}

function el(tag: string, className: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
