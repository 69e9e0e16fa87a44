import { readFileSync } from 'node:fs';
import { tool } from 'ai';
import { Box } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRlm, parseLog, splitQuestions, type RlmEvent } from '../../src/engine/internal.ts';
import { IterationBlock } from '../../src/ui/components/iteration-block.tsx';
import { buildInspectorData, foldEvents, PLAIN_THEME, SessionInspector, ThemeContext } from '../../src/ui/index.ts';
import { resolverOf } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';
import { stripAnsi, waitFor } from './support.ts';

afterEach(cleanup);

// Recorded through the real `rlm chat` by scripts/record-session-fixture.ts: three questions, the third compacted.
const SESSION = parseLog(readFileSync(new URL('../../fixtures/session/session.jsonl', import.meta.url), 'utf8'));

function iterationFrame(events: RlmEvent[], iterationNumber: number, rlm = 'r0') {
  const view = foldEvents(events);
  const iteration = view.rlms[rlm]?.iterations.find((candidate) => candidate.iteration === iterationNumber);
  if (!iteration) throw new Error(`no iteration ${iterationNumber}`);
  const app = render(
    <ThemeContext.Provider value={PLAIN_THEME}>
      <Box width={120} flexDirection="column">
        <IterationBlock
          view={view}
          iteration={iteration}
          maxIterations={30}
          fullProse={false}
          options={{ expandedBatches: new Set(), animate: false, listRows: 8, listOffset: 0 }}
        />
      </Box>
    </ThemeContext.Provider>,
  );
  return stripAnsi(app.frames.at(-1) ?? '');
}

describe('sessions, compaction and tools in the views', () => {
  it('the live view says where turns were compacted', () => {
    const third = splitQuestions(SESSION.events)[2] ?? [];
    const compaction = third.find((event) => event.type === 'compaction');
    if (compaction?.type !== 'compaction') throw new Error('the fixture has no compaction');
    const frame = iterationFrame(third, compaction.iteration);
    expect(frame).toContain(`⟲ compacted ${compaction.replacedMessages} earlier messages into a summary`);
    expect(frame).toContain('(full messages in `history`)');
  });

  it('the live view lists a cell’s tool calls with their outcome', async () => {
    const root = mockModel(
      [repl('await weather({ city: "Oslo" });\ntry { await weather({ town: 1 }); } catch {}\nFINAL("ok")')],
      'root',
    );
    const weather = tool({
      description: 'Temperature.',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, celsius: 4 }),
    });
    const result = await createRlm({
      model: 'root',
      resolveModel: resolverOf({ root }),
      tools: { weather },
    }).completion('Q?', { context: 'x' });
    const frame = iterationFrame(result.trajectory, 1);
    expect(frame).toMatch(/✓ tool weather\(\{"city":"Oslo"\}\)/);
    expect(frame).toMatch(/✗ tool weather\(\{"town":1\}\).*invalid input/);
  });

  it('rlm view of a session moves between its questions with ctrl-n / ctrl-p', async () => {
    const questions = splitQuestions(SESSION.events).map((events) =>
      buildInspectorData({ file: 'session.jsonl', header: SESSION.header, events, partial: false }),
    );
    expect(questions).toHaveLength(3);
    const app = render(
      <ThemeContext.Provider value={PLAIN_THEME}>
        <SessionInspector questions={questions} size={{ columns: 100, rows: 30 }} />
      </ThemeContext.Provider>,
    );
    const frame = () => stripAnsi(app.frames.at(-1) ?? '');
    await waitFor(() => frame().includes('Question 1/3'));
    expect(frame()).toContain('Question 1/3 How many ERROR lines are there?');
    app.stdin.write('\u000E');
    await waitFor(() => frame().includes('Question 2/3'));
    expect(frame()).toContain('Question 2/3 Which services do those errors come from?');
    app.stdin.write('\u000E');
    app.stdin.write('\u000E');
    await waitFor(() => frame().includes('Question 3/3'));
    app.stdin.write('\u0010');
    await waitFor(() => frame().includes('Question 2/3'));
    expect(frame()).toContain('Question 2/3');
  });
});
