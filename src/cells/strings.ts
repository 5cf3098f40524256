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
  built: '以下输出是构建本书时计算的；按“运行”会在你的浏览器里重新计算。',
  omitted: (n: number) => `…… 中间省略了 ${n.toLocaleString('zh')} 行输出 ……`,
  hiddenOutputs: (n: number) => `另有 ${n.toLocaleString('zh')} 项输出（检查、张量、图表等）超出本次运行的上限，未显示。`,
  malformed: '已忽略单元发来的一条格式不正确的消息。',
  progress: '进度',
  drift: {
    button: '对比 float64',
    hint: '在当前后端和 float64 参考后端（cpu64）上各从头重跑一遍到本单元，比较本单元输出的每个数和张量',
    running: '对比中：在两个后端上重跑……',
    caption: (backend: string, reference: string) => `${backend} 与 ${reference} 的差异（本单元输出的数值）`,
    name: '数值', maxAbs: '最大绝对差', relative: '相对差', note: '说明',
    failed: (why: string) => (why === 'stopped' ? '对比已停止。' : why === 'timeout' ? '对比超过时间限制，已停止。' : `对比失败：${why}`),
    nothing: '本单元没有输出可比较的数值（只有经过引擎计算的张量和数才可能不同；普通 JavaScript 数本来就是 float64）。',
    short: {
      equal: '完全相同', rounding: '舍入误差', accumulated: '误差累积', large: '有效数字丢失',
      overflow: 'float32 溢出', nan: '出现 NaN', nonfinite: '两边都非有限', mismatch: '形状或有无不同',
    },
    explain: {
      equal: '完全相同：这些值在 float32 中可以精确表示，运算也没有舍入。',
      rounding: '舍入误差：相对差不超过 1e-6，是少数几次 float32 舍入（每次约 6e-8）的结果，无关紧要。',
      accumulated: '误差累积：相对差在 1e-6 到 1e-3 之间，来自许多次运算的舍入累积（长求和、多步训练），通常无碍，但不要用 float32 去检验 1e-6 级别的等式。',
      large: '有效数字丢失：相对差超过 1e-3。典型原因是两个相近的大数相减（灾难性抵消）或病态的计算；这时 float32 的结果只剩几位可信数字。',
      overflow: 'float32 溢出：值在 float64 中有限，在 float32 中变成了 ±∞（float32 最大约 3.4e38）。例如平方误差在原始量纲上很快超过这个界。',
      nan: '出现 NaN：只在当前后端出现，通常是溢出之后 ∞ − ∞ 或 0 × ∞ 造成的。',
      nonfinite: '两边都不是有限数，但不相同。',
      mismatch: '两次运行得到的形状不同，或某个值只在一边出现（例如代码按精度走了不同的分支，或依赖了随机种子之外的状态）。',
    },
  },
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
  built: 'Output computed when the book was built; Run recomputes it in your browser.',
  omitted: (n) => `… ${n.toLocaleString('en')} ${n === 1 ? 'line' : 'lines'} omitted …`,
  hiddenOutputs: (n) => `${n.toLocaleString('en')} more ${n === 1 ? 'output' : 'outputs'} (checks, tensors, plots…) over this run's limit, not shown.`,
  malformed: 'Ignored a malformed message from the cell.',
  progress: 'Progress',
  drift: {
    button: 'Compare with float64',
    hint: 'Re-run the page down to this cell on the current backend and on the float64 reference (cpu64), and compare every number and tensor this cell outputs',
    running: 'Comparing: re-running on two backends…',
    caption: (backend, reference) => `${backend} against ${reference} (values this cell outputs)`,
    name: 'Value', maxAbs: 'Largest |difference|', relative: 'Relative', note: 'Note',
    failed: (why) => (why === 'stopped' ? 'Comparison stopped.' : why === 'timeout' ? 'The comparison went over its time limit and was stopped.' : `Comparison failed: ${why}`),
    nothing: 'This cell outputs no numbers to compare (only tensors and numbers computed by the engine can differ; plain JavaScript numbers are float64 already).',
    short: {
      equal: 'identical', rounding: 'rounding', accumulated: 'accumulated rounding', large: 'digits lost',
      overflow: 'float32 overflow', nan: 'NaN here only', nonfinite: 'not finite in either', mismatch: 'shape or presence differs',
    },
    explain: {
      equal: 'Identical: these values are exact in float32 and no operation rounded them.',
      rounding: 'Rounding: a relative difference up to 1e-6 is a few float32 roundings (about 6e-8 each) and does not matter.',
      accumulated: "Accumulated rounding: a relative difference between 1e-6 and 1e-3 comes from many operations' rounding (long sums, many training steps). Usually harmless, but float32 cannot check an identity to 1e-6.",
      large: 'Digits lost: a relative difference above 1e-3. The usual cause is subtracting two nearly equal large numbers (catastrophic cancellation) or an ill-conditioned computation; the float32 result keeps only a few trustworthy digits.',
      overflow: 'float32 overflow: the value is finite in float64 but ±∞ in float32 (whose largest number is about 3.4e38). Squared errors on raw units pass that bound quickly.',
      nan: 'NaN on this backend only: usually ∞ − ∞ or 0 × ∞ after an overflow.',
      nonfinite: 'Not finite on either backend, but not the same.',
      mismatch: 'The two runs gave different shapes, or a value appeared in only one of them (for example code that takes a different branch for each precision, or depends on state other than the random seed).',
    },
  },
  progressText: (label, value, total, rate, remaining) =>
    [`${label ? `${label} ` : ''}${count(value, 'en')} / ${count(total, 'en')}`,
      rate === undefined ? '' : `${perSecond(rate)}/s`,
      remaining === undefined ? '' : `${duration(remaining)} left`].filter(Boolean).join(' · '),
};

export type CellStrings = typeof zh;
export function cellStrings(lang: string): CellStrings {
  return lang === 'en' ? en : zh;
}
