import type { ReplLanguage } from './repl-session.ts';

/** The isolated-vm REPL: JavaScript, with TypeScript types stripped for `ts` blocks. */
export const JAVASCRIPT: ReplLanguage = {
  name: 'JavaScript',
  fence: 'repl',
  dialects: { repl: 'js', js: 'js', javascript: 'js', ts: 'ts', typescript: 'ts' },
  showsLastExpression: true,
  topLevelAwait: true,
};
