/**
 * Parameter counts of landmark models, each with the publication that states it.
 * Dates are first public release (arXiv or proceedings), to the month.
 * Only dense models: sparse mixture-of-experts counts are not comparable.
 */
export interface ModelSize {
  name: string;
  /** First public release, YYYY-MM. */
  date: string;
  /** Number of parameters. */
  params: number;
  /** Where the parameter count is stated. */
  source: string;
}

export const modelSizes: ModelSize[] = [
  { name: 'AlexNet', date: '2012-12', params: 60e6, source: 'Krizhevsky, Sutskever & Hinton, NIPS 2012 (abstract: 60 million parameters)' },
  { name: 'VGG-16', date: '2014-09', params: 138e6, source: 'Simonyan & Zisserman, arXiv:1409.1556, Table 2 (configuration D)' },
  { name: 'Transformer (big)', date: '2017-06', params: 213e6, source: 'Vaswani et al., arXiv:1706.03762, Table 3' },
  { name: 'GPT', date: '2018-06', params: 117e6, source: 'Radford et al., OpenAI 2018; the count is stated in Radford et al. 2019, Table 2 (smallest model, equivalent to the original GPT)' },
  { name: 'BERT-Large', date: '2018-10', params: 340e6, source: 'Devlin et al., arXiv:1810.04805, §3 (BERT-Large, 340M)' },
  { name: 'GPT-2', date: '2019-02', params: 1.542e9, source: 'Radford et al., OpenAI 2019, Table 2 (1542M)' },
  { name: 'Megatron-LM', date: '2019-09', params: 8.3e9, source: 'Shoeybi et al., arXiv:1909.08053' },
  { name: 'T5-11B', date: '2019-10', params: 11e9, source: 'Raffel et al., arXiv:1910.10683' },
  { name: 'GPT-3', date: '2020-05', params: 175e9, source: 'Brown et al., arXiv:2005.14165, Table 2.1' },
  { name: 'Gopher', date: '2021-12', params: 280e9, source: 'Rae et al., arXiv:2112.11446' },
  { name: 'MT-NLG', date: '2022-01', params: 530e9, source: 'Smith et al., arXiv:2201.11990' },
  { name: 'Chinchilla', date: '2022-03', params: 70e9, source: 'Hoffmann et al., arXiv:2203.15556' },
  { name: 'PaLM', date: '2022-04', params: 540e9, source: 'Chowdhery et al., arXiv:2204.02311' },
  { name: 'BLOOM', date: '2022-11', params: 176e9, source: 'BigScience Workshop (Le Scao et al.), arXiv:2211.05100' },
  { name: 'LLaMA-65B', date: '2023-02', params: 65e9, source: 'Touvron et al., arXiv:2302.13971' },
  { name: 'Llama 3.1', date: '2024-07', params: 405e9, source: 'Llama Team (Dubey et al.), arXiv:2407.21783 (405B, the largest Llama 3.1 model)' },
];
