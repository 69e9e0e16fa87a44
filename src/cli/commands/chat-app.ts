import type { RlmRun } from '../../engine/internal.ts';
import { redactedSource } from '../../output/index.ts';
import type { ChatEvent, ChatPort } from '../../ui/index.ts';
import { EXIT } from '../exit-codes.ts';
import { CHAT_HELP, runSlashCommand } from './chat-commands.ts';
import type { ChatEnvironment } from './chat.ts';

/** Terminal control characters out of text that came from a user, a file or a model (ESC sequences, CR). */
// oxlint-disable-next-line no-control-regex
const neutralise = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/** `rlm chat` on a terminal: the Ink chat app, driven by the session. Resolves with the exit code when it ends. */
export async function runChatApp(env: ChatEnvironment, options: { color: boolean }): Promise<number> {
  const { io, session, log } = env;
  const listeners = new Set<(event: ChatEvent) => void>();
  const emit = (event: ChatEvent) => {
    for (const listener of listeners) listener(event);
  };
  const notice = (text: string, tone?: 'info' | 'error' | 'dim') =>
    emit({ type: 'notice', text: neutralise(io.redact(text)), ...(tone ? { tone } : {}) });
  let current: RlmRun | undefined;
  let asked = 0;
  let done!: () => void;
  const ended = new Promise<void>((resolve) => (done = resolve));
  let queue = Promise.resolve();

  const end = () => {
    current?.abort('The session was ended');
    emit({ type: 'closed' });
    done();
  };
  const ask = (question: string) => {
    asked += 1;
    const run = session.ask(question);
    current = run;
    // Redacted, logged and drawn on the next turn of the event loop: never in the way of the engine's next request.
    const events = redactedSource(run, io.redactor);
    events.subscribe((event) => log?.write(event));
    emit({ type: 'question', index: asked, question: neutralise(question), source: events });
    return run.result.then(() => {
      events.flush();
      if (current === run) current = undefined;
    });
  };
  const port: ChatPort = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    submit(line) {
      if (/^\/(exit|quit)\s*$/.test(line)) return end();
      // One thing at a time, in the order typed: a command waits for the question before it, and vice versa.
      queue = queue.then(async () => {
        const outcome = await runSlashCommand(env, line).catch((error: unknown) => ({
          text: error instanceof Error ? error.message : String(error),
          tone: 'error' as const,
        }));
        if (outcome && 'exit' in outcome) return end();
        if (outcome) return notice(outcome.text, outcome.tone);
        if (line.startsWith('/')) return;
        await ask(line);
      });
    },
    cancel() {
      current?.abort('Cancelled by the user (Ctrl-C)');
    },
    end,
  };

  const { renderChat } = await import('../../ui/index.ts');
  const app = renderChat({ port, stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, color: options.color });
  const contexts = session.contexts();
  notice(
    `rlm chat · ${env.settings.model ?? ''}${contexts.length > 0 ? ` · ${contexts.map((entry) => entry.name).join(', ')} loaded` : ' · no context yet (/context <path>)'}`,
    'dim',
  );
  notice(CHAT_HELP.split('\n')[0] ?? '', 'dim');
  // A terminal signal (SIGTERM; Ctrl-C arrives as a key in raw mode) ends the session like /exit.
  const stopInterrupt = io.onInterrupt(() => end());
  await ended;
  stopInterrupt();
  await queue.catch(() => undefined);
  await app.unmount();
  return log?.failure ? EXIT.logIncomplete : EXIT.ok;
}
