/**
 * YAML text → a value a zod schema accepts, with every problem named by file and field. The
 * public spec and the private grading file are both read this way. CORE_SCHEMA: dates stay
 * strings (the schemas insist on explicit time zones) and no custom YAML types are allowed.
 */
import yaml from 'js-yaml';
import type { z } from 'zod';

export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, where: string, what: string): z.output<S> {
  const parsed = schema.safeParse(yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: where }));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new Error(`${where}: invalid ${what}\n  ${issues.join('\n  ')}`);
  }
  return parsed.data;
}
