import { createInterface } from 'node:readline';
import { EXIT, ERROR_PREFIX } from '../exit-codes.ts';
import type { StopCause } from '../io.ts';
import { jsonLine, redactedSource } from '../../output/index.ts';
import { toJsonResult } from '../output/json-result.ts';
import { createProgressPrinter } from '../output/progress-printer.ts';
import type { ChatEnvironment } from './chat.ts';

const STOP_EXIT: Record<StopCause, number> = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
  stdout_closed: EXIT.brokenPipe,
};

/**
 * `rlm chat` with stdin not a terminal: each non-empty line is a question, asked in order in one session. Answers
 * (or `--json` objects, or `--stream-json` events and a `result` line) go to stdout as each question ends. The exit
 * code is 0 when every question got an answer, else the first failure's, after the remaining questions ran.
 */
export async function runPipedChat(env: ChatEnvironment): Promise<number> {
  const { io, settings, session, log, style, flags } = env;
  const warn = (line: string) => io.stderr.write(`${io.redact(line)}\n`);
  const info = flags.quiet ? () => undefined : warn;
  const toStdout = (text: string) => {
    if (!io.isStdoutClosed()) io.stdout.write(text);
  };
  let firstFailure: number | null = null;
  let stoppedBy: StopCause | undefined;
  let current: ReturnType<typeof session.ask> | undefined;
  const stopInterrupt = io.onInterrupt((cause) => {
    stoppedBy ??= cause;
    if (cause !== 'stdout_closed')
      warn(style('yellow', 'Interrupted: cancelling the question and ending the session…'));
    current?.abort(cause === 'SIGINT' ? 'Interrupted by the user (Ctrl-C)' : `Stopped (${cause})`);
  });
  let asked = 0;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      if (stoppedBy) break;
      const question = raw.trim();
      if (question === '') continue;
      asked += 1;
      info(style('bold', `▸ question ${asked}: ${question}`));
      const run = session.ask(question);
      current = run;
      // Redacted, logged and printed on the next turn of the event loop: never in the way of the engine's next request.
      const events = redactedSource(run, io.redactor);
      const unsubscribe = [
        events.subscribe((event) => log?.write(event)),
        settings.output === 'stream-json'
          ? events.subscribe((event) => toStdout(jsonLine(event)))
          : flags.quiet
            ? () => undefined
            : events.subscribe(createProgressPrinter(info, style)),
      ];
      const result = await run.result;
      events.flush();
      for (const stop of unsubscribe) stop();
      current = undefined;
      const json = { question, ...toJsonResult(result, log?.path ?? null, log?.failure ?? null) };
      if (settings.output === 'json') toStdout(`${io.redact(JSON.stringify(json))}\n`);
      else if (settings.output === 'stream-json')
        toStdout(`${io.redact(JSON.stringify({ type: 'result', ...json }))}\n`);
      else if (result.answer !== null) toStdout(`${io.redact(result.answer)}\n`);
      if (result.answer === null && result.error && !stoppedBy)
        warn(style('red', `${ERROR_PREFIX}question ${asked}: no answer: ${result.error.message}`));
      const code = env.exitCodeOf(result);
      if (code !== EXIT.ok && firstFailure === null) firstFailure = code;
    }
  } finally {
    lines.close();
    stopInterrupt();
  }
  if (stoppedBy) return STOP_EXIT[stoppedBy];
  if (asked === 0) {
    warn(`${ERROR_PREFIX}no questions: pipe one question per line, or run rlm chat in a terminal`);
    return EXIT.usage;
  }
  if (firstFailure !== null) return firstFailure;
  return log?.failure ? EXIT.logIncomplete : EXIT.ok;
}
