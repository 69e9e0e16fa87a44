// The prompt's function reference against the sandbox itself: every global the REPL adds to JavaScript is described,
// and everything the reference describes exists. Both lists come from a real run: the globals from a cell, the
// reference from the instructions the root model received.
import ivm from 'isolated-vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRlm } from '../../src/engine/index.ts';
import { lastUser, resolverOf, type Prompt } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

/** What a bare V8 context already has: the language's own globals, which the prompt need not list. */
let standardGlobals: Set<string>;
beforeAll(async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 32 });
  try {
    const context = await isolate.createContext();
    const names = (await context.eval('JSON.stringify(Object.getOwnPropertyNames(globalThis))', {
      copy: true,
    })) as string;
    standardGlobals = new Set(JSON.parse(names) as string[]);
  } finally {
    isolate.dispose();
  }
});

/** The globals a cell of a real run sees, and the instructions that run's root received. */
async function globalsAndInstructions(config: { maxDepth?: number; subcalls?: boolean }) {
  const prompts: Prompt[] = [];
  const root = mockModel(({ messages, index }) => {
    prompts.push(messages);
    return index === 0
      ? repl('print("GLOBALS=" + JSON.stringify(Object.getOwnPropertyNames(globalThis)))')
      : 'FINAL(done)';
  }, 'root');
  const rlm = createRlm({ model: 'root', resolveModel: resolverOf({ root }), ...config });
  await rlm.completion('Q?', { context: 'data' });
  const printed = /GLOBALS=(.*)/.exec(lastUser(prompts[1] ?? []))?.[1];
  if (!printed) throw new Error('the cell did not print the globals');
  const instructions = prompts[0]?.find((message) => message.role === 'system')?.content ?? '';
  return { globals: JSON.parse(printed) as string[], instructions };
}

/** The REPL's additions: not standard JavaScript, not the engine's `__` internals. */
function addedGlobals(globals: string[]): string[] {
  return globals.filter((name) => !standardGlobals.has(name) && !name.startsWith('__')).toSorted();
}

/** Names each bullet of "## Functions in the REPL" describes: the backticked names before its first colon. */
function describedNames(instructions: string): string[] {
  const section = /## Functions in the REPL\n([\s\S]*?)(?:\n## |$)/.exec(instructions)?.[1] ?? '';
  const names = new Set<string>();
  for (const line of section.split('\n').filter((text) => text.startsWith('- '))) {
    const head = line.slice(0, line.search(/`?:|→/) + 1 || undefined);
    for (const match of head.matchAll(/`(?:await )?([A-Za-z_$][\w$]*)/g)) names.add(match[1] as string);
  }
  return [...names].toSorted();
}

describe('the function reference matches the sandbox', () => {
  it.each([
    { name: 'root, sub-calls as plain calls (maxDepth 1)', config: {} },
    { name: 'root that can recurse (maxDepth 2)', config: { maxDepth: 2 } },
    { name: 'no sub-calls (ablation)', config: { subcalls: false } },
  ])('$name: every added global is described, and every described name exists', async ({ config }) => {
    const { globals, instructions } = await globalsAndInstructions(config);
    const added = addedGlobals(globals);
    // The list is not trivially empty: the RLM API is there.
    expect(added).toEqual(expect.arrayContaining(['context', 'llm_query', 'rlm_query_batched', 'FINAL_VAR']));
    // `console` is standard, but described: the REPL replaces it (its output is what you see).
    expect(describedNames(instructions).filter((name) => !standardGlobals.has(name))).toEqual(added);
    expect(describedNames(instructions)).toContain('console');
  });
});
