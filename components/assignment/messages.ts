/**
 * What the assignment page script says (components/assignment/assignment.ts), in the book's two
 * languages; also the variant cell's text before a course id is entered.
 */
const zh = {
  variantError: '还没有输入学号：请先在页面顶部输入学号，再运行这道题（variant 按学号生成）。',
  variantComment: '输入学号后，这里会生成你的题目数据。',
  progress: (k: number, n: number, without: number) =>
    `浏览器自查：${n} 道中已通过 ${k} 道（仅供参考${without ? `；另有 ${without} 道题没有浏览器自查` : ''}）`,
  needId: '请先在上面输入学号，再下载提交文件。',
  downloaded: (name: string) => `已下载 ${name}。请把它上传到课程平台。`,
  tooLong: (id: string) => `练习 ${id} 的代码太长（超过 64K 个字符），无法写进提交文件。`,
  noCrypto: '这个浏览器在本页无法计算哈希（页面需要通过 HTTPS 打开），不能生成或读取提交文件。',
  unchanged: '页面没有任何改动。',
  loadBad: (why: string) => `无法载入：这不是有效的提交文件（${why}）。`,
  reasons: { 'too-large': '文件太大', 'not-utf8': '不是 UTF-8 文本', 'not-json': '不是 JSON', 'bad-format': '内容不符合提交文件的格式' } as Record<string, string>,
  loadOther: (file: string, page: string) => `无法载入：这个文件属于作业 ${file}，不是本页的作业 ${page}。`,
  loadVersion: (file: number, page: number) => `无法载入：这个文件是按作业第 ${file} 版做的，本页是第 ${page} 版。`,
  loaded: (savedAt: string, courseId: string, ids: string) => `已从文件恢复（文件保存于 ${savedAt}）：学号 ${courseId || '（空）'}；练习 ${ids || '（无）'}。没有运行任何代码：需要时请点“运行”或“检查答案”。`,
  loadChanged: '注意：这个文件保存之后，作业的内容有过改动（哈希不同）；请核对代码是否仍然适用。',
  loadEdited: (ids: string) => `注意：${ids} 的代码与文件中记录的哈希不符（文件被手动改过）。`,
  loadIgnored: (ids: string) => `文件中有本作业没有的练习，已忽略：${ids}。`,
};

const en: typeof zh = {
  variantError: 'No course id yet: enter your course id at the top of the page, then run this exercise again (variant is drawn from it).',
  variantComment: 'Your numbers appear here once you enter your course id.',
  progress: (k, n, without) =>
    `Browser check: ${k} / ${n} exercises passed (information only${without ? `; ${without} more ${without === 1 ? 'exercise has' : 'exercises have'} no browser check` : ''})`,
  needId: 'Enter your course id above before downloading your submission.',
  downloaded: (name) => `Downloaded ${name}. Upload it to the course's LMS.`,
  tooLong: (id) => `The code of exercise ${id} is too long (over 64K characters) for a submission file.`,
  noCrypto: 'This browser cannot compute hashes on this page (it must be opened over HTTPS), so it cannot make or read submission files.',
  unchanged: 'Nothing on the page was changed.',
  loadBad: (why) => `Cannot load: this is not a valid submission file (${why}).`,
  reasons: { 'too-large': 'the file is too large', 'not-utf8': 'not UTF-8 text', 'not-json': 'not JSON', 'bad-format': 'not in the submission format' },
  loadOther: (file, page) => `Cannot load: this file belongs to assignment ${file}, not to this page's assignment ${page}.`,
  loadVersion: (file, page) => `Cannot load: this file was made for version ${file} of the assignment; this page is version ${page}.`,
  loaded: (savedAt, courseId, ids) => `Restored from the file (saved ${savedAt}): course id ${courseId || '(empty)'}; exercises ${ids || '(none)'}. No code was run: press Run or Check when you want.`,
  loadChanged: 'Note: the assignment has changed since this file was saved (the hash differs); check that your code still fits.',
  loadEdited: (ids) => `Note: the code of ${ids} does not match the hash recorded in the file (the file was edited by hand).`,
  loadIgnored: (ids) => `The file has exercises this assignment does not; ignored: ${ids}.`,
};

export type AssignmentMessages = typeof zh;

/** The messages of one language (`en`, anything else is Chinese, the root locale). */
export function assignmentMessages(lang: string): AssignmentMessages {
  return lang === 'en' ? en : zh;
}
