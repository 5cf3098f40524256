/**
 * `models`: a GPT in nanoGPT's shape and the shipped Tang-poem model. The API:
 *
 * gpt.ts
 * - `GPTConfig { vocabSize, blockSize, nLayer, nHead, nEmbd, dropout? }`
 * - `gptParameterCount(config)`: V·d + T·d + N·(12d² + 13d) + 2d (head tied to wte)
 * - `new GPT(config, { generator? })`: `.config`, `.forward(idx, targets?)` → `{ logits [B, T, V], loss? }`
 *   (targets may hold -100), `.hidden(idx)` (lnF output [B, T, d]), `.head(h)`,
 *   `.recordAttention(on)` / `.attentionMaps()` → `{ layer, head, weights[T][T] }[]` of batch row 0,
 *   `.generate(prompt, { maxNewTokens, temperature?, topK?, topP?, generator?, mask?, stop?, cache? })` →
 *   the whole sequence, prompt included (noGrad, last blockSize tokens, one sampleLogits per token;
 *   a key/value cache unless `cache: false`), `.hiddenCached(idx, past)` → `{ h, cache }` (its one-step forward)
 * train.ts
 * - `trainStep(model, opt, { x, y }, { step, schedule?, clip? })` → `{ loss, gradNorm, lr }`
 * - `evaluate(model, dataset, { split?, batches?, batchSize?, seed? })` → `{ loss, perplexity, tokens }`
 *   (default: the whole split, every token after <bos> once, as the count baselines)
 * - `gptParamGroups(model, weightDecay)`: decay 2-D weights only; `poemWindows(poems, T, B)`
 * poet.ts
 * - `POET_CONFIG`, `POET_FILES`, `loadPoetCheckpoint(bytes)` → GPT (eval mode),
 *   `verifyPoetCheckpoint(bytes, manifest)` (sha256), `fetchPoetModel(baseUrl)` (fetch + verify + load)
 * poem-form.ts
 * - `tangPoemMask(vocab)`, `acrosticMask(vocab, heads)`: `generate` masks for a 五言绝句 / 藏头诗;
 *   `poemLines(ids, vocab)`, `hanIds(vocab)`
 * @example
 * import { models, Generator } from './kernels/index.ts';
 * const model = await models.fetchPoetModel('/models/');
 * const ids = model.generate([1], { maxNewTokens: 25, temperature: 0.8, topK: 40, mask: models.acrosticMask(ds.vocab, '春夏秋冬'), stop: 2, generator: new Generator(0) });
 * ds.decode(ids); // four lines starting 春, 夏, 秋, 冬
 */
export { GPT, CausalSelfAttention, MLP, Block, gptParameterCount } from './gpt.ts';
export type { GPTConfig, GPTOptions, GenerateOptions, AttentionMap, LayerKV } from './gpt.ts';
export { trainStep, evaluate, gptParamGroups, poemWindows } from './train.ts';
export type { TokenBatch, TrainStepOptions, EvalDataset, EvaluateOptions } from './train.ts';
export { POET_CONFIG, POET_FILES, loadPoetCheckpoint, verifyPoetCheckpoint, fetchPoetModel } from './poet.ts';
export type { PoetManifest } from './poet.ts';
export { tangPoemMask, acrosticMask, poemLines, hanIds, JUEJU } from './poem-form.ts';
export type { PositionMask } from './poem-form.ts';
