export type {
  ReplLanguage,
  ReplLimits,
  ReplSession,
  ReplSessionFactory,
  ReplSessionOptions,
  RunCellOptions,
} from './repl-session.ts';
export { createIsolateSession, JAVASCRIPT } from './isolate-session.ts';
export { createProcessSessionFactory, type ProcessSessionOptions } from './process/index.ts';
