/**
 * Text of the assignment pages that the build renders, in the book's two languages. The page
 * script's messages are in messages.ts (so the page's JavaScript carries only those).
 */
const zh = {
  due: '截止', late: '迟交', points: '总分',
  total: (points: number, n: number) => `${points} 分，共 ${n} 道题`,
  exercisePoints: (p: number) => `${p} 分`,
  fromChapter: '出自', ownExercise: '本作业独有的题',
  studentHeading: '学号与提交',
  courseIdLabel: '学号（与课程名单上的一致）',
  courseIdHint: '学号决定你的题目数据（variant），也会写进提交文件；只保存在本浏览器里。',
  download: '下载提交文件', load: '载入提交文件',
  loadHint: '换了电脑？载入之前下载的提交文件，恢复代码和学号；载入时不会运行任何代码。',
  exercisesHeading: '练习',
  submitHeading: '提交',
  submitText: '完成后下载提交文件（*.gradbook.json），上传到课程平台。评分会在老师的电脑上重新运行你的代码；浏览器里的检查只供参考。',
  noscript: '没有 JavaScript 也能阅读题目和起始代码；运行代码、生成你的题目数据和下载提交文件需要 JavaScript。',
  variantLabel: '你的题目数据（按学号生成，只读）',
  variantMissing: '先在页面顶部输入学号：这道题的数据（variant）按学号生成。',
  progressLabel: '浏览器自查进度',
};

const en: typeof zh = {
  due: 'Due', late: 'Late policy', points: 'Points',
  total: (points, n) => `${points} points, ${n} exercises`,
  exercisePoints: (p) => `${p} ${p === 1 ? 'point' : 'points'}`,
  fromChapter: 'From', ownExercise: "This assignment's own exercise",
  studentHeading: 'Your course id and submission',
  courseIdLabel: 'Course id (as on the course roster)',
  courseIdHint: 'Your course id picks your numbers (variant) and goes into the submission file; it is kept in this browser only.',
  download: 'Download submission', load: 'Load submission',
  loadHint: 'On another computer? Load a submission file you downloaded before to restore your code and course id; loading runs no code.',
  exercisesHeading: 'Exercises',
  submitHeading: 'Submit',
  submitText: "When you are done, download the submission file (*.gradbook.json) and upload it to the course's LMS. Grading re-runs your code on the instructor's machine; the browser's checks are for your information only.",
  noscript: 'Without JavaScript you can read the exercises and their starting code; running code, drawing your numbers and downloading a submission need JavaScript.',
  variantLabel: 'Your numbers (drawn from your course id, read-only)',
  variantMissing: "Enter your course id at the top of the page first: this exercise's numbers (variant) are drawn from it.",
  progressLabel: 'Browser check progress',
};

export type AssignmentStrings = typeof zh;

/** The strings of one language (`en`, anything else is Chinese, the root locale). */
export function assignmentStrings(lang: string): AssignmentStrings {
  return lang === 'en' ? en : zh;
}
