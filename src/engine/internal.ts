// The internal entry for src/ui, src/cli and src/bench: the public surface plus the building blocks they share
// with the engine (the sandbox, truncation, context summaries). Not part of the package's exports.
export * from './index.ts';
export * from './internal-light.ts';
export { contextAsText } from './loop/subcalls.ts';
export { summarizeContext } from './loop/rlm-node.ts';
export { Sandbox, truncateMiddle, DEFAULT_OUTPUT_LIMIT_CHARS } from './sandbox/index.ts';
export type { SandboxOptions } from './sandbox/index.ts';
export { providerAccess } from './registry/index.ts';
export { describeLogProblems, shouldLog } from './trajectory/log-format.ts';
export * from './trajectory/index.ts';
