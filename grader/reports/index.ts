/**
 * Reports: views of a GradeRun (grader/records.ts), each a pure function returning text, and
 * writeReports, which writes them all. Same run in, same bytes out: no timestamps, no random ids,
 * students in code-point order, numbers to 2 decimals at most.
 */
export { writeReports, reportFiles, type ReportOptions } from './write.ts';
export { gradesCsv, exerciseColumns, flagsCell } from './grades-csv.ts';
export { canvasCsv, canvasColumnTitle, moodleCsv, moodleFeedback } from './lms-csv.ts';
export { gradescopeResults, resultsJson, type GradescopeOptions, type GradescopeResults, type GradescopeTest, type GradescopeVisibility } from './gradescope.ts';
export { feedbackHtml, type FeedbackHtmlOptions } from './feedback-html.ts';
export { summaryJson, summaryText, flagCounts } from './summary.ts';
export { safeFileName, safeFileNames } from './safe-name.ts';
export { explainFlag, flagKind, type Lang } from './flags.ts';
export { compareCodePoints, formatNumber, stableJson, sortedStudents } from './format.ts';
export { textCell, quote, csvLine, csvDocument } from './csv.ts';
export { escapeHtml, plainText, safeHtml, truncate } from './html.ts';
