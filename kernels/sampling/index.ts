/** `sampling`: drawing token ids from probabilities and logits (one row at a time, float64). */
export { multinomial } from './multinomial.ts';
export { sampleLogits, samplingDistribution } from './logits.ts';
export type { Logits, SampleOptions, SamplingDistribution } from './logits.ts';
