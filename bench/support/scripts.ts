import type { Script } from '../../src/scripted-server/index.ts';

const fence = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

/** Scripted models for the benchmarks, by name (worker threads receive the name, not the function). */
export const SCRIPTS = {
  /** Root: one llm_query_batched over `calls` items, then FINAL. Sub-model: answers after `latencyMs`. */
  fanOut:
    (options: Record<string, number>): Script =>
    ({ model, messages }) => {
      if (model === 'sub')
        return { text: 'ok', delayMs: options.latencyMs ?? 200, usage: { inputTokens: 10, outputTokens: 1 } };
      const last = messages.at(-1)?.content ?? '';
      if (last.includes('Turn 1/'))
        return {
          text: fence(
            `const answers = await llm_query_batched(Array.from({ length: ${options.calls ?? 1000} }, (_, i) => 'item ' + i)); print(answers.length)`,
          ),
        };
      return { text: 'FINAL(done)' };
    },
  /** Root: a trivial cell every turn until `iterations`, then FINAL; answers at once. */
  trivialTurns:
    (options: Record<string, number>): Script =>
    ({ messages }) => {
      const last = messages.at(-1)?.content ?? '';
      const turn = Number(/Turn (\d+)\//.exec(last)?.[1] ?? '1');
      return {
        text: turn >= (options.iterations ?? 10) ? 'FINAL(done)' : fence(turn === 1 ? 'context.length' : `${turn} + 1`),
      };
    },
};
