/**
 * A small RFC 4180 CSV reader for the instructor's roster and times files: quoted fields with
 * commas, doubled quotes and line breaks, CRLF/LF/CR line ends, a UTF-8 BOM, blank lines. No
 * CSV package is in node_modules and this is all the grader needs, so no dependency is added.
 */
import { readFile, stat } from 'node:fs/promises';

/** Largest CSV we read: a roster of a huge course is a few MB. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;

/**
 * Rows of fields. Lenient where spreadsheets are sloppy (a quote inside an unquoted field is
 * kept as a character), strict where data would be lost (an unterminated quote throws).
 * @example parseCsv('a,"b,""c"""\r\n1,2\n'); // [['a', 'b,"c"'], ['1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let fieldStart = true;
  let quotedFrom = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quotedFrom >= 0) {
      if (c !== '"') field += c;
      else if (s[i + 1] === '"') (field += '"'), i++;
      else quotedFrom = -1;
    } else if (c === '"' && fieldStart) {
      quotedFrom = i;
      fieldStart = false;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStart = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
    } else {
      field += c;
      fieldStart = false;
    }
  }
  if (quotedFrom >= 0) throw new Error(`unterminated quoted field (line ${s.slice(0, quotedFrom).split(/\r\n|\r|\n/).length})`);
  if (!fieldStart || row.length) rows.push([...row, field]);
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

/** Header cell → key: case-insensitive, spaces and hyphens as underscores (`SIS ID` → `sis_id`). */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** A CSV file with a header row, as records. */
export interface CsvTable {
  /** Normalised header keys, in file order. */
  columns: string[];
  /** One record per data row, by header key; missing cells are ''. */
  records: Record<string, string>[];
}

/** Parses CSV text with a header row into records keyed by `headerKey`. */
export function csvTable(text: string): CsvTable {
  const [header = [], ...rows] = parseCsv(text);
  const columns = header.map(headerKey);
  const records = rows.map((cells) => {
    const record: Record<string, string> = Object.create(null);
    columns.forEach((key, i) => {
      if (key && !(key in record)) record[key] = (cells[i] ?? '').trim();
    });
    return record;
  });
  return { columns, records };
}

/** Reads a CSV file as strict UTF-8 (spreadsheets can export "CSV UTF-8"; guessing GBK or 1252 would corrupt names). */
export async function readCsvFile(path: string): Promise<CsvTable> {
  const size = (await stat(path)).size;
  if (size > MAX_CSV_BYTES) throw new Error(`${path}: ${size} bytes; the limit for a CSV is ${MAX_CSV_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch {
    throw new Error(`${path}: not UTF-8 text; save it as "CSV UTF-8"`);
  }
  try {
    return csvTable(text);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
