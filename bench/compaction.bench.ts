// How compaction keeps a long run inside the root model's window: 30 turns that each print 20,000 characters,
// run in an 8,000-token and a 128,000-token window. A mock root model (no network) reports input tokens as
// characters / 4 and answers summary requests with a short summary. Reports, per window: the largest root request
// (reported tokens), how many compactions ran, and the tokens the summarising calls cost.
// Run: npm run bench:compaction
import { MockLanguageModelV4 } from 'ai/test';
import { createRlm, type RlmEventOf } from '../src/engine/internal.ts';

const TURNS = 30;
const OUTPUT_CHARS = 20_000;

function rootModel() {
  let turn = 0;
  const text = (value: string) => ({
    content: [{ type: 'text' as const, text: value }],
    finishReason: { unified: 'stop' as const, raw: 'stop' },
    warnings: [],
  });
  const usage = (input: number, output: number) => ({
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: 0 },
  });
  const respond = (prompt: string, last: string) => {
    let reply: string;
    if (last.includes('replaced by a summary you write now'))
      reply = `Summary: turns so far each printed ${OUTPUT_CHARS} characters; \`seen\` counts them.`;
    else if (++turn <= TURNS)
      reply = `Printing.\n\n\`\`\`repl\nglobalThis.seen = (globalThis.seen ?? 0) + 1;\nprint("x".repeat(${OUTPUT_CHARS}))\n\`\`\``;
    else reply = 'Done.\n\n```repl\nFINAL(seen)\n```';
    return { reply, usage: usage(Math.ceil(prompt.length / 4), Math.ceil(reply.length / 4)) };
  };
  const flatten = (options: { prompt: Array<{ content: unknown }> }) =>
    options.prompt.map((message) =>
      typeof message.content === 'string'
        ? message.content
        : (message.content as Array<{ text?: string }>).map((part) => part.text ?? '').join(''),
    );
  return new MockLanguageModelV4({
    modelId: 'root',
    doGenerate: async (options) => {
      const parts = flatten(options);
      const { reply, usage: used } = respond(parts.join('\n'), parts.at(-1) ?? '');
      return { ...text(reply), usage: used };
    },
    doStream: async (options) => {
      const parts = flatten(options);
      const { reply, usage: used } = respond(parts.join('\n'), parts.at(-1) ?? '');
      return {
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: 't' });
            controller.enqueue({ type: 'text-delta', id: 't', delta: reply });
            controller.enqueue({ type: 'text-end', id: 't' });
            controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: used });
            controller.close();
          },
        }),
      };
    },
  });
}

for (const window of [8_000, 128_000]) {
  const model = rootModel();
  const result = await createRlm({
    model: 'root',
    resolveModel: () => model,
    rootContextWindow: window,
    maxIterations: TURNS + 5,
  }).completion('Print a lot, then say how many times.', { context: 'ctx' });
  const ends = result.trajectory.filter((event): event is RlmEventOf<'llm_call_end'> => event.type === 'llm_call_end');
  const roots = ends.filter((event) => event.purpose !== 'compaction');
  const summaries = ends.filter((event) => event.purpose === 'compaction');
  const compactions = result.trajectory.filter((event) => event.type === 'compaction').length;
  const sum = (events: typeof ends, key: 'inputTokens' | 'outputTokens') =>
    events.reduce((total, event) => total + event.usage[key], 0);
  console.log(
    [
      `window ${window.toLocaleString('en-US')} tokens: answer ${result.answer} (${result.stopReason}), ${roots.length} root requests`,
      `  largest root request ${Math.max(...roots.map((event) => event.usage.inputTokens)).toLocaleString('en-US')} tokens (${((Math.max(...roots.map((event) => event.usage.inputTokens)) / window) * 100).toFixed(1)}% of the window)`,
      `  ${compactions} compactions; summarising calls: ${sum(summaries, 'inputTokens').toLocaleString('en-US')} in + ${sum(summaries, 'outputTokens').toLocaleString('en-US')} out tokens`,
      `  root turns: ${sum(roots, 'inputTokens').toLocaleString('en-US')} in + ${sum(roots, 'outputTokens').toLocaleString('en-US')} out tokens`,
    ].join('\n'),
  );
}
