/** `housePrices`: a synthetic house-price table with the magnitudes of document 002's example. */
import { column, generator, matrix, positiveInt, type Dataset } from './seed.ts';

export interface HousePriceOptions {
  /** Number of houses (default 500). */
  n?: number;
  /** Standard deviation of the price noise (default 15000). */
  noise?: number;
  seed?: number;
}

/** The coefficients the prices are generated from (the "true" model). */
export const HOUSE_PRICE_MODEL = Object.freeze({
  intercept: 20000,
  perRoom: 10000,
  perSquareMetre: 1800,
  perYearAfter1960: 1200,
});

export interface HousePriceDataset extends Dataset {
  /** Column names of X. */
  columns: ['rooms', 'area', 'year'];
  /** The generating coefficients, written for the raw columns: price = β0 + β·x + noise. */
  coefficients: { intercept: number; rooms: number; area: number; year: number };
}

/**
 * Houses with three features and a price, generated as
 *   area  ~ U(40, 200) m²
 *   rooms = round(area / 30 + N(0, 0.7)), clamped to 1..7
 *   year  ~ integer U{1960, ..., 2023}
 *   price = 20000 + 10000·rooms + 1800·area + 1200·(year − 1960) + N(0, noise²)
 * X columns: rooms, area (m²), year built; y: price, [n, 1]. The raw columns differ in scale
 * by three orders of magnitude (year ≈ 2000, rooms ≈ 3), so gradient descent on them
 * misbehaves until they are standardised.
 * @example
 * const { X, y, coefficients } = housePrices({ n: 500, seed: 0 });
 * X.shape; // [500, 3]; coefficients.year === 1200
 */
export function housePrices(options: HousePriceOptions = {}): HousePriceDataset {
  const { n = 500, noise = 15000, seed } = options;
  positiveInt('housePrices', n);
  const m = HOUSE_PRICE_MODEL;
  const g = generator(seed);
  const rows: number[][] = [];
  const prices: number[] = [];
  for (let i = 0; i < n; i++) {
    const area = 40 + 160 * g.uniform();
    const rooms = Math.min(7, Math.max(1, Math.round(area / 30 + 0.7 * g.normal())));
    const year = 1960 + g.int(64);
    const price = m.intercept + m.perRoom * rooms + m.perSquareMetre * area
      + m.perYearAfter1960 * (year - 1960) + noise * g.normal();
    rows.push([rooms, area, year]);
    prices.push(price);
  }
  return {
    X: matrix(rows),
    y: column(prices),
    columns: ['rooms', 'area', 'year'],
    coefficients: {
      intercept: m.intercept - 1960 * m.perYearAfter1960,
      rooms: m.perRoom,
      area: m.perSquareMetre,
      year: m.perYearAfter1960,
    },
  };
}
