/**
 * A student's feedback page: one self-contained HTML file (inline CSS, no scripts, a CSP that
 * forbids any) with the total, the flags in words, and every test of every exercise. All text
 * from the student or their code goes through safeHtml; names sit in <bdi> so a right-to-left
 * name cannot reorder the line around it. Labels come in English or Chinese.
 */
import type { ExerciseResult, GradeRun, StudentResult, TestResult } from '../records.ts';
import { explainFlag, type Lang } from './flags.ts';
import { formatNumber } from './format.ts';
import { escapeHtml, safeHtml } from './html.ts';

const LABELS = {
  en: { feedback: 'Feedback', student: 'Student', identity: 'Course id', total: 'Total', raw: 'Before late credit', late: 'Late credit', submitted: 'Submitted', notes: 'Notes', test: 'Test', result: 'Result', points: 'Points', output: 'Feedback', passed: 'passed', failed: 'failed', hidden: 'hidden test: name and result only', none: 'No tests were run for this exercise.' },
  zh: { feedback: '评分反馈', student: '学生', identity: '课程 ID', total: '总分', raw: '迟交折算前', late: '迟交系数', submitted: '提交时间', notes: '说明', test: '测试', result: '结果', points: '得分', output: '反馈', passed: '通过', failed: '未通过', hidden: '隐藏测试：只显示名称和结果', none: '这道练习没有运行测试。' },
};

const CSS = `body{margin:0;background:#f6f7f9;color:#1d2330;font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:52rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:0 0 .5rem;display:flex;justify-content:space-between;gap:1rem}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.total{font-size:1.6rem;font-weight:700}.muted{color:#5b6475}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0 .75rem}dt{color:#5b6475}dd{margin:0}
table{width:100%;border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-top:1px solid #e6e9ef}
th{font-weight:600;color:#5b6475;border-top:none}
td:first-child{min-width:8rem}td:nth-child(2),td:nth-child(3),th{white-space:nowrap}
.passed{color:#116b3a;font-weight:600}.failed{color:#a4231c;font-weight:600}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;max-height:24rem;overflow:auto}
ul{margin:.25rem 0;padding-left:1.25rem}`;

/** Options of feedbackHtml. */
export interface FeedbackHtmlOptions {
  lang?: Lang;
  /** Characters of one test's output shown (default 8000). */
  maxOutputChars?: number;
}

const MAX_NAME = 300;

function testRow(t: TestResult, l: (typeof LABELS)['en'], max: number): string {
  const note = t.visibility === 'hidden' ? `<div class="muted">${escapeHtml(l.hidden)}</div>` : '';
  const output = t.output ? `<pre>${safeHtml(t.output, max)}</pre>` : '';
  return `<tr><td>${safeHtml(t.name, MAX_NAME)}${note}</td><td class="${t.status === 'passed' ? 'passed' : 'failed'}">${escapeHtml(t.status === 'passed' ? l.passed : l.failed)}</td><td>${formatNumber(t.score)} / ${formatNumber(t.maxScore)}</td><td>${output}</td></tr>`;
}

function exerciseSection(e: ExerciseResult, lang: Lang, max: number): string {
  const l = LABELS[lang];
  const flags = e.flags.length ? `<ul>${e.flags.map((f) => `<li>${safeHtml(explainFlag(f, lang), 2000)}</li>`).join('')}</ul>` : '';
  const rows = e.tests.map((t) => testRow(t, l, max)).join('\n');
  const table = e.tests.length
    ? `<table><thead><tr><th>${l.test}</th><th>${l.result}</th><th>${l.points}</th><th>${l.output}</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
    : `<p class="muted">${escapeHtml(l.none)}</p>`;
  return `<section class="card"><h2><span>${safeHtml(e.title, MAX_NAME)} <span class="muted">(${safeHtml(e.id, 100)})</span></span><span>${formatNumber(e.points)} / ${formatNumber(e.maxPoints)}</span></h2>${flags}\n${table}</section>`;
}

function header(run: GradeRun, s: StudentResult, lang: Lang): string {
  const l = LABELS[lang];
  const who = s.name ? `<bdi>${safeHtml(s.name, MAX_NAME)}</bdi> (<bdi>${safeHtml(s.student, MAX_NAME)}</bdi>)` : `<bdi>${safeHtml(s.student, MAX_NAME)}</bdi>`;
  const facts = [
    [l.student, who],
    [l.identity, `<bdi>${safeHtml(s.identity, MAX_NAME)}</bdi>`],
    ...(s.submittedAt ? [[l.submitted, safeHtml(s.submittedAt, 60)]] : []),
    ...(s.lateCredit !== 1 ? [[l.late, formatNumber(s.lateCredit)], [l.raw, `${formatNumber(s.rawTotal)} / ${formatNumber(s.maxTotal)}`]] : []),
  ];
  const dl = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('');
  const notes = s.flags.length ? `<h2>${l.notes}</h2><ul>${s.flags.map((f) => `<li>${safeHtml(explainFlag(f, lang), 2000)}</li>`).join('')}</ul>` : '';
  return `<section class="card"><h1>${safeHtml(run.assignment.title[lang], MAX_NAME)}</h1><div class="muted">${escapeHtml(l.feedback)} · ${safeHtml(run.assignment.id, 100)} v${run.assignment.version}</div>
<p class="total">${escapeHtml(l.total)}: ${formatNumber(s.total)} / ${formatNumber(s.maxTotal)}</p><dl>${dl}</dl>${notes}</section>`;
}

/** The feedback page of one student, as HTML text. */
export function feedbackHtml(run: GradeRun, s: StudentResult, options: FeedbackHtmlOptions = {}): string {
  const lang = options.lang ?? 'en';
  const max = options.maxOutputChars ?? 8000;
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${safeHtml(`${run.assignment.title[lang]} · ${s.name ?? s.student}`, MAX_NAME)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${header(run, s, lang)}
${s.exercises.map((e) => exerciseSection(e, lang, max)).join('\n')}
</main>
</body>
</html>
`;
}
