import type {
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { createRlm, type RlmEvent } from '../../../src/engine/index.ts';
import { mockModel, repl } from '../../support/mock-models.ts';

/** Lets a streaming mock answer non-streaming requests too (the engine sends sub-calls without streaming). */
function withGenerate<T extends ReturnType<typeof mockModel>>(model: T): T {
  model.doGenerate = async (options) => {
    const { stream } = await model.doStream(options);
    const content: LanguageModelV4Content[] = [];
    let finishReason: LanguageModelV4FinishReason = { unified: 'stop', raw: 'stop' };
    let usage: LanguageModelV4Usage | undefined;
    const reader = stream.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      const value: LanguageModelV4StreamPart = part.value;
      if (value.type === 'text-delta') content.push({ type: 'text', text: value.delta });
      else if (value.type === 'finish') ({ finishReason, usage } = value);
    }
    if (!usage) throw new Error('mock stream without a finish part');
    return { content, finishReason, usage, warnings: [] };
  };
  return model;
}

/** The question a root call answers: the first user message after the system prompt. */
function questionOf(messages: Array<{ role: string; content: string }>): string {
  return messages.find((message) => message.role === 'user')?.content ?? '';
}

/**
 * Records a small three-level run with mock models: r0 recurses into r0.1, which recurses into r0.1.1; r0 then maps
 * a batch of three. The root model has a price, the sub-model has none (its cost is unknown).
 */
export async function recordDepth2Log(): Promise<RlmEvent[]> {
  let clock = 1_800_000_000_000;
  const now = () => (clock += 7);
  const model = withGenerate(
    mockModel(({ messages }) => {
      const turn = messages.filter((message) => message.role === 'assistant').length;
      if (turn === 0)
        return repl(
          "const part = await rlm_query('Find the needle in part A', { context: 'alpha needle beta' });\nprint('child said:', part)",
          'I will delegate part A.',
        );
      return repl(
        "const xs = await llm_query_batched(['summarise one', 'summarise two', 'summarise three']);\nFINAL(part + ' / ' + xs.join(','))",
        'Now map the rest.',
      );
    }, 'root-model'),
  );
  const sub = withGenerate(
    mockModel(({ messages }) => {
      const question = questionOf(messages);
      const turn = messages.filter((message) => message.role === 'assistant').length;
      if (question.includes('Find the needle')) {
        if (turn === 0)
          return repl(
            "const inner = await rlm_query('Inner look at the haystack', { context: 'deep haystack with a zebra' });\nprint(inner)",
            'Delegating deeper.',
          );
        return repl("FINAL('child says ' + inner)", 'Done.');
      }
      if (question.includes('Inner look'))
        return repl(
          "const leaf = await llm_query('leaf question about zebras');\nprint('leaf:', leaf);\nFINAL('grand ' + leaf)",
          'Ask a leaf.',
        );
      if (question.includes('leaf question')) return 'a striped zebra';
      return `answer to ${question.slice(0, 20)}`;
    }, 'sub-model'),
  );
  const rlm = createRlm({
    model: 'root-model',
    subModel: 'sub-model',
    resolveModel: (id) => (id === 'root-model' ? model : sub),
    maxDepth: 3,
    maxIterations: 5,
    prices: { 'root-model': { input: 1, output: 2 } },
    now,
    generateId: () => 'run-depth-2',
  });
  const result = await rlm.completion('Where is the needle?', { context: 'a haystack' });
  return result.trajectory;
}
