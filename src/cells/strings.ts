/** UI text of cells in the book's two languages (the page's <gb-cell data-lang> picks). */
const count = (n: number, lang: string) => (Number.isInteger(n) ? n.toLocaleString(lang) : String(Number(n.toPrecision(4))));
const perSecond = (r: number) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));
/** Seconds as m:ss (or h:mm:ss). */
const duration = (s: number) => {
  const t = Math.round(s);
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
};
const zh = {
  toolbar: '代码单元', run: '运行', runHint: '运行（Shift+Enter）', runAll: '全部运行', stop: '停止',
  edit: '编辑', reset: '还原', backend: '后端', showCode: '显示代码', output: '输出',
  editorLabel: '可编辑的 TypeScript 代码', running: '运行中…', queued: '排队中…',
  ran: (ms: string, backend: string) => `完成，${ms} ms，后端 ${backend}`,
  stopped: '已停止：工作线程已重启，下次运行会先重跑上方的单元。',
  timeout: (s: number) => `超过 ${s} 秒的时间限制，已停止；下次运行会先重跑上方的单元。`,
  aboveFailed: (id: string) => `上方的单元 ${id} 出错，本单元未运行。`,
  errorAt: (cell: string, line?: number, column?: number) => (line ? `单元 ${cell} 第 ${line} 行第 ${column ?? 1} 列` : `单元 ${cell}`),
  edited: '已编辑（自动保存在本浏览器）',
  changed: '作者在你编辑之后修改了这个单元的原始代码。',
  compare: '对比', keepMine: '保留我的版本', yours: '你的版本', original: '作者的新版本',
  nan: (n: number) => `警告：张量中有 ${n} 个 NaN。`,
  shape: '形状',
  erratum: '勘误演示：这个单元核对原始文章中的错误说法，预期显示 ✗。',
  solution: '查看参考答案',
  omitted: (n: number) => `…… 中间省略了 ${n.toLocaleString('zh')} 行输出 ……`,
  hiddenOutputs: (n: number) => `另有 ${n.toLocaleString('zh')} 项输出（检查、张量、图表等）超出本次运行的上限，未显示。`,
  malformed: '已忽略单元发来的一条格式不正确的消息。',
  progress: '进度',
  progressText: (label: string, value: number, total: number, rate?: number, remaining?: number) =>
    [`${label ? `${label} ` : ''}${count(value, 'zh')} / ${count(total, 'zh')}`,
      rate === undefined ? '' : `每秒 ${perSecond(rate)}`,
      remaining === undefined ? '' : `约剩 ${duration(remaining)}`].filter(Boolean).join(' · '),
};
const en: typeof zh = {
  toolbar: 'Code cell', run: 'Run', runHint: 'Run (Shift+Enter)', runAll: 'Run all', stop: 'Stop',
  edit: 'Edit', reset: 'Reset', backend: 'Backend', showCode: 'Show code', output: 'Output',
  editorLabel: 'Editable TypeScript code', running: 'Running…', queued: 'Queued…',
  ran: (ms, backend) => `Done in ${ms} ms on ${backend}`,
  stopped: 'Stopped: the worker was restarted; the next run first re-runs the cells above.',
  timeout: (s) => `Stopped after the ${s} s time limit; the next run first re-runs the cells above.`,
  aboveFailed: (id) => `Cell ${id} above failed, so this cell did not run.`,
  errorAt: (cell, line, column) => (line ? `cell ${cell}, line ${line}:${column ?? 1}` : `cell ${cell}`),
  edited: 'Edited (saved in this browser)',
  changed: 'The author has changed this cell since you edited it.',
  compare: 'Compare', keepMine: 'Keep mine', yours: 'Your version', original: "Author's new version",
  nan: (n) => `Warning: the tensor has ${n} NaN ${n === 1 ? 'entry' : 'entries'}.`,
  shape: 'shape',
  erratum: 'Erratum: this cell checks a claim of a source document that is wrong, so a ✗ is expected.',
  solution: 'Show the solution',
  omitted: (n) => `… ${n.toLocaleString('en')} ${n === 1 ? 'line' : 'lines'} omitted …`,
  hiddenOutputs: (n) => `${n.toLocaleString('en')} more ${n === 1 ? 'output' : 'outputs'} (checks, tensors, plots…) over this run's limit, not shown.`,
  malformed: 'Ignored a malformed message from the cell.',
  progress: 'Progress',
  progressText: (label, value, total, rate, remaining) =>
    [`${label ? `${label} ` : ''}${count(value, 'en')} / ${count(total, 'en')}`,
      rate === undefined ? '' : `${perSecond(rate)}/s`,
      remaining === undefined ? '' : `${duration(remaining)} left`].filter(Boolean).join(' · '),
};

export type CellStrings = typeof zh;
export function cellStrings(lang: string): CellStrings {
  return lang === 'en' ? en : zh;
}
