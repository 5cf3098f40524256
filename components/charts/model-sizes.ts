import * as Plot from '@observablehq/plot';
import { modelSizes } from '../../src/data/model-sizes.ts';

const LABELS = {
  zh: { x: '发布时间', y: '参数量（对数刻度）' },
  en: { x: 'Release date', y: 'Parameters (log scale)' },
};

type Side = 'above' | 'below' | 'left' | 'right';

// Where each label sits relative to its dot, chosen by eye so that neighbours do not collide.
const SIDE: Record<string, Side> = {
  'Megatron-LM': 'left',
  'T5-11B': 'right',
  'MT-NLG': 'left',
  PaLM: 'right',
  Gopher: 'left',
  Chinchilla: 'below',
  'LLaMA-65B': 'right',
  GPT: 'below',
  AlexNet: 'above',
};

const OFFSET: Record<Side, Partial<Plot.TextOptions>> = {
  above: { dy: -10 },
  below: { dy: 11 },
  left: { dx: -7, textAnchor: 'end' },
  right: { dx: 7, textAnchor: 'start' },
};

/** Parameter counts over time on a log scale, one labelled dot per model. */
export function modelSizeChart(lang: 'zh' | 'en'): Plot.PlotOptions {
  const data = modelSizes.map((m) => ({ ...m, when: new Date(`${m.date}-15`), side: SIDE[m.name] ?? 'above' }));
  const labels = (side: Side) =>
    Plot.text(
      data.filter((d) => d.side === side),
      { x: 'when', y: 'params', text: 'name', fontSize: 11, fill: 'currentColor', ...OFFSET[side] },
    );
  return {
    width: 640,
    height: 400,
    marginTop: 28,
    marginLeft: 48,
    marginRight: 56,
    insetLeft: 12,
    x: { label: LABELS[lang].x, type: 'utc' },
    y: {
      label: LABELS[lang].y,
      type: 'log',
      grid: true,
      ticks: [1e8, 1e9, 1e10, 1e11, 1e12],
      tickFormat: '~s',
    },
    marks: [
      Plot.dot(data, { x: 'when', y: 'params', fill: '#4f46e5', r: 4 }),
      ...(['above', 'below', 'left', 'right'] as const).map(labels),
    ],
  };
}
