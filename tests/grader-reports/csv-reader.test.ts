import { describe, expect, it } from 'vitest';
import { csvTable, parseCsv } from '../../grader/collect/csv.ts';

describe('CSV reader (RFC 4180)', () => {
  it('handles quotes, doubled quotes, commas, line breaks in fields, CRLF, CR, BOM, blank lines', () => {
    expect(parseCsv('\uFEFFa,"b,""c""",d\r\n1,"two\nlines",3\r\r\n\nx,,\n')).toEqual([
      ['a', 'b,"c"', 'd'], ['1', 'two\nlines', '3'], ['x', '', ''],
    ]);
    expect(parseCsv('last,row')).toEqual([['last', 'row']]);
    expect(parseCsv('"",""\n')).toEqual([['', '']]);
  });

  it('is lenient with a stray quote inside a field, strict with an unterminated one', () => {
    expect(parseCsv('a"b,c\n')).toEqual([['a"b', 'c']]);
    expect(() => parseCsv('a,"open\nstill open')).toThrow(/unterminated quoted field \(line 1\)/);
  });

  it('keys records by normalised header, trims cells, fills missing ones', () => {
    const t = csvTable('Student, SIS ID ,E-mail\n 1 ,s1\n');
    expect(t.columns).toEqual(['student', 'sis_id', 'e_mail']);
    expect({ ...t.records[0] }).toEqual({ student: '1', sis_id: 's1', e_mail: '' });
  });
});
