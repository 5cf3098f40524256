// Serves the built site for the browser tests and tells them where (inject('baseUrl')).
import { existsSync } from 'node:fs';
import { preview } from 'astro';
import type { TestProject } from 'vitest/node';

const PORT = Number(process.env.GRADBOOK_TEST_PORT ?? 4327);

export default async function serveSite(project: TestProject) {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
  const server = await preview({ root: process.cwd(), server: { port: PORT, host: '127.0.0.1' }, logLevel: 'warn' });
  project.provide('baseUrl', `http://127.0.0.1:${server.port}`);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
