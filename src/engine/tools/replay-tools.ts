import { tool, jsonSchema, type Tool } from 'ai';
import { RlmError } from '../errors.ts';
import type { RlmEvent, RlmEventOf } from '../events.ts';

/**
 * Tools that answer from a recorded trajectory, for replaying a run offline: each call gets the recorded output of
 * the next unanswered call with the same name and input (a recorded failure fails again), without running anything.
 * Pass them as `tools` together with `createReplayResolver`'s models.
 */
export function createReplayTools(trajectory: RlmEvent[], described: Record<string, Tool> = {}): Record<string, Tool> {
  const starts = new Map<string, RlmEventOf<'tool_call_start'>>();
  const recorded: Array<{ name: string; key: string; end: RlmEventOf<'tool_call_end'>; used: boolean }> = [];
  for (const event of trajectory) {
    if (event.type === 'tool_call_start') starts.set(event.toolCallId, event);
    if (event.type === 'tool_call_end') {
      const start = starts.get(event.toolCallId);
      if (start) recorded.push({ name: start.name, key: JSON.stringify(start.input), end: event, used: false });
    }
  }
  const names = new Set([...recorded.map((call) => call.name), ...Object.keys(described)]);
  return Object.fromEntries(
    [...names].map((name) => {
      const original = described[name];
      return [
        name,
        tool({
          description: typeof original?.description === 'string' ? original.description : '',
          // The recorded run validated inputs already; replay answers whatever matches.
          inputSchema: original?.inputSchema ?? jsonSchema({}),
          execute: async (input: unknown) => {
            const key = JSON.stringify(input ?? null);
            const match = recorded.find((call) => !call.used && call.name === name && call.key === key);
            if (!match)
              throw new RlmError(
                'replay_divergence',
                `Replay diverged: no recorded call of tool ${name} with input ${key.slice(0, 200)}`,
              );
            match.used = true;
            if (!match.end.ok) throw new Error(match.end.error ?? 'the recorded tool call failed');
            return match.end.output;
          },
        }),
      ];
    }),
  );
}
