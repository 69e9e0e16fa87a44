import { describe, expect, it } from 'vitest';
import { mayShowLiveView } from '../../src/cli/live-view-args.ts';
import { buildProgram, type CommandActions } from '../../src/cli/program.ts';

describe('mayShowLiveView: whether the CLI starts the live view thread before it has even parsed its flags', () => {
  it('is true for `rlm ask` with flags that keep the view', () => {
    expect(mayShowLiveView(['ask', '-c', 'notes.txt', 'what', 'is', 'it?'])).toBe(true);
    expect(mayShowLiveView(['ask', '--log', 'run.jsonl', '--concurrency', '8', 'why?'])).toBe(true);
  });

  it('is false for other commands and for every flag that turns the view off', () => {
    for (const args of [['chat'], ['view', 'run.jsonl'], ['models'], [], ['--help'], ['bench', 'ask']])
      expect(mayShowLiveView(args), args.join(' ')).toBe(false);
    for (const flag of ['--json', '--stream-json', '-q', '--quiet', '--estimate', '-h', '--help'])
      expect(mayShowLiveView(['ask', '-c', 'notes.txt', flag, 'why?']), flag).toBe(false);
  });

  it('reads no flag after `--`: those words are the question', () => {
    expect(mayShowLiveView(['ask', '-c', 'notes.txt', '--', '--json', 'is', 'a', 'flag?'])).toBe(true);
  });

  it('names only flags that `rlm ask` has: a renamed flag would make the guess wrong, so this fails', () => {
    const noop = async () => undefined;
    const actions = { ask: noop, chat: noop, view: noop, runs: noop, bench: noop, models: noop, prompt: noop };
    const ask = buildProgram(actions as CommandActions).commands.find((command) => command.name() === 'ask');
    const flags = new Set(ask?.options.flatMap((option) => [option.long, option.short]).filter(Boolean));
    for (const flag of ['--json', '--stream-json', '-q', '--quiet', '--estimate']) expect(flags, flag).toContain(flag);
  });
});
