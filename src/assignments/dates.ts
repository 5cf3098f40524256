/**
 * Due dates and the late policy in words, in the time zone the author wrote them in (the spec's
 * `due` offset, e.g. +08:00), so every student reads the same wall-clock time with its zone
 * named. Pure functions: the build calls them; they never depend on the machine's time zone.
 */
import type { Lang } from './chapter-exercises.ts';

const WEEKDAYS = {
  zh: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The offset at the end of an ISO 8601 date-time (`+08:00`, `Z`), or undefined. */
export function offsetOf(iso: string): string | undefined {
  return /(Z|[+-]\d\d:\d\d)$/.exec(iso.trim())?.[1];
}

/** Minutes east of UTC for an offset string (`+08:00` → 480, `Z` → 0). */
export function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const [, sign, hh, mm] = /^([+-])(\d\d):(\d\d)$/.exec(offset) ?? ['', '+', '00', '00'];
  return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
}

/** `UTC+8`, `UTC+5:30`, `UTC−3`, `UTC`. */
export function zoneName(offset: string): string {
  const minutes = offsetMinutes(offset);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const hm = abs % 60 ? `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}` : String(abs / 60);
  return `UTC${minutes < 0 ? '−' : '+'}${hm}`;
}

/**
 * An instant as wall-clock time at `offset`, with the zone named.
 * @example formatInstant('2026-12-14T15:59:00.000Z', '+08:00', 'en'); // 'Monday 14 December 2026, 23:59 (UTC+8)'
 */
export function formatInstant(iso: string, offset: string, lang: Lang): string {
  const d = new Date(Date.parse(iso) + offsetMinutes(offset) * 60_000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const day = d.getUTCDay();
  if (lang === 'zh') {
    return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAYS.zh[day]}）${hm}（${zoneName(offset)}）`;
  }
  return `${WEEKDAYS.en[day]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hm} (${zoneName(offset)})`;
}

/** The late policy as one sentence: each later deadline with the share of points it keeps. */
export function latePolicy(late: { date: string; credit: number }[], offset: string, lang: Lang): string {
  const pct = (credit: number) => `${Math.round(credit * 1000) / 10}%`;
  if (lang === 'zh') {
    if (late.length === 0) return '截止后提交不得分。';
    const steps = late.map((l) => `在${formatInstant(l.date, offset, lang)}之前提交，得分按 ${pct(l.credit)} 计`);
    return `迟交：${steps.join('；')}；再晚不得分。`;
  }
  if (late.length === 0) return 'No late submissions: after the due date, no points.';
  const steps = late.map((l) => `by ${formatInstant(l.date, offset, lang)}, ${pct(l.credit)} of the points`);
  return `Late submissions: ${steps.join('; ')}; after that, no points.`;
}
