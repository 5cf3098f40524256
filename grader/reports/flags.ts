/**
 * Flags in words, for the people who read feedback: the student (HTML page, Gradescope output)
 * and the instructor (Moodle feedback). A flag with an argument (`source-hash-mismatch:<id>`)
 * is explained with the argument; an unknown flag is shown as it is.
 */
export type Lang = 'en' | 'zh';

const WORDS: Record<string, { en: string; zh: string }> = {
  'no-submission': { en: 'No submission file was found for you.', zh: '没有找到你的提交文件。' },
  'not-utf8': { en: 'The file is not UTF-8 text.', zh: '文件不是 UTF-8 文本。' },
  'not-json': { en: 'The file is not JSON; upload the file the page\'s "Download submission" button saves.', zh: '文件不是 JSON；请上传页面“下载提交文件”按钮保存的文件。' },
  'too-large': { en: 'The file is larger than the grader accepts.', zh: '文件超过了评分器接受的大小。' },
  'bad-format': { en: 'The file is not a Gradbook submission (it was changed or is from elsewhere).', zh: '文件不是 Gradbook 提交文件（被修改过或来自别处）。' },
  'wrong-assignment': { en: 'The file is for a different assignment.', zh: '文件属于另一份作业。' },
  'older-version': { en: 'The file was made from an older version of the assignment page.', zh: '文件来自旧版本的作业页面。' },
  'source-hash-mismatch': { en: 'The code of exercise {arg} was edited outside the page (graded anyway).', zh: '练习 {arg} 的代码在页面之外被修改过（仍然评分）。' },
  'extra-exercise': { en: 'The file holds an exercise that is not part of this assignment: {arg} (ignored).', zh: '文件包含不属于本作业的练习：{arg}（已忽略）。' },
  'duplicate-submission': { en: 'You submitted more than one file; the latest one was graded.', zh: '你提交了多个文件；评分的是最新的一个。' },
  late: { en: 'Submitted after the due date; the late policy applies.', zh: '在截止时间之后提交；按迟交规则计分。' },
  'course-id-differs': { en: 'The course id typed on the page differs from the roster; exercises were graded for the roster\'s id.', zh: '页面上填写的课程 ID 与名单不同；练习按名单上的 ID 评分。' },
  'time-unknown': { en: 'The submission time is unknown, so no late policy was applied.', zh: '提交时间未知，未应用迟交规则。' },
  'time-from-zip': { en: 'The submission time was taken from the download\'s file time.', zh: '提交时间取自下载文件的时间。' },
  'unreadable-entry': { en: 'The file could not be read from the download.', zh: '无法从下载的压缩包中读取文件。' },
  'not-on-roster': { en: 'Your LMS id is not on the course roster.', zh: '你的 LMS 账号不在课程名单上。' },
  missing: { en: 'This exercise is not in your file.', zh: '你的文件里没有这道练习。' },
  empty: { en: 'Your code for this exercise is empty or unchanged.', zh: '这道练习的代码为空或未修改。' },
  timeout: { en: 'Your code ran out of time.', zh: '代码运行超时。' },
  memory: { en: 'Your code used too much memory.', zh: '代码使用了过多内存。' },
  'output-limit': { en: 'Your code printed more output than allowed.', zh: '代码输出超过了限制。' },
  crashed: { en: 'Your code crashed the sandbox.', zh: '代码导致沙箱崩溃。' },
  'no-result': { en: 'Your code produced no result.', zh: '代码没有产生结果。' },
  'syntax-error': { en: 'Your code has a syntax error.', zh: '代码有语法错误。' },
  'runtime-error': { en: 'Your code threw an error.', zh: '代码抛出了错误。' },
  'not-graded': { en: 'Not graded (see the notes above).', zh: '未评分（见上方说明）。' },
};

/**
 * One flag in words.
 * @example explainFlag('source-hash-mismatch:ch4-sigmoid-grad', 'en');
 * // 'The code of exercise ch4-sigmoid-grad was edited outside the page (graded anyway).'
 */
export function explainFlag(flag: string, lang: Lang = 'en'): string {
  const colon = flag.indexOf(':');
  const [kind, arg] = colon < 0 ? [flag, ''] : [flag.slice(0, colon), flag.slice(colon + 1)];
  const words = Object.hasOwn(WORDS, kind) ? WORDS[kind][lang] : undefined;
  return words ? words.replace('{arg}', arg) : flag;
}

/** A flag's kind, without its argument (`source-hash-mismatch:x` → `source-hash-mismatch`), for counting. */
export function flagKind(flag: string): string {
  const colon = flag.indexOf(':');
  return colon < 0 ? flag : flag.slice(0, colon);
}
