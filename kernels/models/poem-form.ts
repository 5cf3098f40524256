/**
 * Holding generation to a form by masking, not rejection: at each position only the tokens the
 * form allows keep their probability (renormalised), so every sample is a well-formed poem and
 * none is thrown away. For `GPT.generate`'s `mask` option.
 *
 * A 五言绝句 as token positions (the prompt's `<bos>` is position 0):
 *   1–5 characters, 6 ，, 7–11 characters, 12 。, 13–17, 18 ，, 19–23, 24 。, 25 `<eos>`.
 * @example
 * const ids = model.generate([ds.specials.bos], { maxNewTokens: 25, mask: tangPoemMask(ds.vocab), stop: ds.specials.eos, generator: g });
 * ds.decode(ids); // '白日依山尽，黄河入海流。欲穷千里目，更上一层楼。\n'
 * model.generate([bos], { maxNewTokens: 25, mask: acrosticMask(ds.vocab, '春夏秋冬'), stop: eos });
 */
import { POEM_SPECIALS } from '../datasets/poems.ts';

/** What GPT.generate accepts as `mask`: allowed ids at `position`, or null for any. */
export type PositionMask = (position: number, sofar: readonly number[]) => ReadonlySet<number> | null;

/** Characters per line and lines of a 五言绝句. */
export const JUEJU = { chars: 5, lines: 4 } as const;

const HAN = /^\p{Script=Han}$/u;

function checkVocab(vocab: readonly string[]): void {
  if (vocab[POEM_SPECIALS.comma] !== '，' || vocab[POEM_SPECIALS.period] !== '。' || vocab[POEM_SPECIALS.eos] !== '<eos>') {
    throw new Error('tangPoemMask: expected the tang5 vocabulary (id 2 <eos>, 4 ，, 5 。)');
  }
}

/** Ids of the Han characters in the vocabulary (no punctuation, no specials, no <unk>). */
export function hanIds(vocab: readonly string[]): Set<number> {
  const ids = new Set<number>();
  vocab.forEach((t, i) => {
    if (HAN.test(t)) ids.add(i);
  });
  return ids;
}

/**
 * The 五言绝句 mask: Han characters at character positions, ，/。 closing odd/even lines,
 * `<eos>` after the fourth line (and at any later position).
 * @example tangPoemMask(ds.vocab)(6, sofar); // Set { 4 } (，)
 */
export function tangPoemMask(vocab: readonly string[]): PositionMask {
  checkVocab(vocab);
  const chars = hanIds(vocab);
  const comma = new Set([POEM_SPECIALS.comma]), period = new Set([POEM_SPECIALS.period]);
  const eos = new Set([POEM_SPECIALS.eos]);
  const per = JUEJU.chars + 1;
  return (position) => {
    if (position < 1) return null; // position 0 is the prompt's <bos>
    if (position > per * JUEJU.lines) return eos;
    const col = (position - 1) % per; // 0–4 characters, 5 punctuation
    if (col < JUEJU.chars) return chars;
    return Math.ceil(position / per) % 2 === 1 ? comma : period;
  };
}

/**
 * A 藏头诗 (acrostic): as tangPoemMask, with line i starting with heads[i]. `heads` is four
 * characters (a string or an array); any that is not a character of the vocabulary is an error
 * naming it (generation could never produce it).
 * @example acrosticMask(ds.vocab, '春夏秋冬')(7, sofar); // Set { id of 夏 }
 */
export function acrosticMask(vocab: readonly string[], heads: string | readonly string[]): PositionMask {
  const list = typeof heads === 'string' ? [...heads] : [...heads];
  if (list.length !== JUEJU.lines) {
    throw new Error(`acrosticMask: need ${JUEJU.lines} head characters, got ${list.length} (${list.join('')})`);
  }
  const index = new Map(vocab.map((t, i) => [t, i]));
  const unknown = list.filter((h) => !HAN.test(h) || !index.has(h));
  if (unknown.length) {
    throw new Error(`acrosticMask: not in the poem vocabulary: ${unknown.join(' ')} (pick other head characters)`);
  }
  const form = tangPoemMask(vocab);
  const per = JUEJU.chars + 1;
  const forced = list.map((h) => new Set([index.get(h)!]));
  return (position, sofar) => {
    if (position >= 1 && position <= per * JUEJU.lines && (position - 1) % per === 0) return forced[(position - 1) / per];
    return form(position, sofar);
  };
}

/**
 * The lines of a generated poem (each with its closing ，or 。), specials dropped.
 * @example poemLines(ids, ds.vocab); // ['白日依山尽，', '黄河入海流。', ...]
 */
export function poemLines(ids: readonly number[], vocab: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const id of ids) {
    if (id === POEM_SPECIALS.pad || id === POEM_SPECIALS.bos) continue;
    if (id === POEM_SPECIALS.eos) break;
    line += vocab[id];
    if (id === POEM_SPECIALS.comma || id === POEM_SPECIALS.period) {
      lines.push(line);
      line = '';
    }
  }
  if (line) lines.push(line);
  return lines;
}
