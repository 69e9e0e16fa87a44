// Exports of a session log (fixtures/session/session.jsonl, recorded through the real `rlm chat`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import { toMarkdown } from '../../src/cli/export/markdown.ts';
import { toOfficialJsonl } from '../../src/cli/export/official.ts';

const SESSION = parseLog(readFileSync(new URL('../../fixtures/session/session.jsonl', import.meta.url), 'utf8'));

describe('exports of a session', () => {
  it('markdown has a section per question and quotes each compaction summary', () => {
    const markdown = toMarkdown(SESSION.header, SESSION.events);
    expect(markdown).toContain('## Question 1: How many ERROR lines are there?');
    expect(markdown).toContain('## Question 3: Print the raw log a few times');
    const compactions = SESSION.events.filter((event) => event.type === 'compaction').length;
    expect(compactions).toBeGreaterThan(0);
    expect(markdown.match(/> \*\*Compaction:\*\*/g)).toHaveLength(compactions);
    expect(markdown).toContain('> Summary: I printed');
  });

  it('the official format gets one metadata line per question', () => {
    const lines = toOfficialJsonl(SESSION.header, SESSION.events)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type?: string });
    expect(lines.filter((line) => line.type === 'metadata')).toHaveLength(3);
  });
});
