import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkJoinCjkLines } from '../../src/markdown/remark-join-cjk-lines.mjs';

const join = async (md: string) =>
  String(await unified().use(remarkParse).use(remarkJoinCjkLines).use(remarkStringify).process(md)).trim();

describe('remarkJoinCjkLines', () => {
  it('joins lines broken between Chinese sentences without inserting a space', async () => {
    expect(await join('大模型很大。\n训练它很贵。')).toBe('大模型很大。训练它很贵。');
  });

  it('joins a break after Chinese even when the next line starts with Latin text', async () => {
    expect(await join('参数量为\nGPT-3 的十倍。')).toBe('参数量为GPT-3 的十倍。');
  });

  it('joins a break that follows bold Chinese text', async () => {
    expect(await join('这是**重点**\n然后继续。')).toBe('这是**重点**然后继续。');
  });

  it('keeps line breaks between English words as spaces', async () => {
    expect(await join('large\nmodels')).toBe('large\nmodels');
  });
});
