/**
 * The names a cell starts with, taken from the very objects the session seeds its scope with
 * (session.ts: the engine's exports, then createHelpers' result), so the typed scope cannot list a
 * name the cells do not have or miss one they do.
 */
import { createHelpers } from '../helpers.ts';
import { engineExports, type Engine } from '../session.ts';
import type { ScopeNames } from './page-files.ts';

export function scopeNames(engine: object): ScopeNames {
  const helpers = Object.keys(createHelpers(() => {}, {}, () => {}));
  const engineNames = Object.keys(engineExports(engine as Engine)).filter((n) => !helpers.includes(n));
  return { engine: engineNames.sort(), helpers };
}
