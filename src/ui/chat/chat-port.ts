import type { EventSource } from '../hooks/use-run-view.ts';

/** What the chat app shows, told by whoever runs the session (the CLI). */
export type ChatEvent =
  | { type: 'notice'; text: string; tone?: 'info' | 'error' | 'dim' }
  | { type: 'question'; index: number; question: string; source: EventSource }
  | { type: 'closed' };

/** The chat app's link to the session: it reports what the user typed and pressed, and hears what to show. */
export interface ChatPort {
  subscribe(listener: (event: ChatEvent) => void): () => void;
  /** A line the user entered (a question or a slash command). */
  submit(line: string): void;
  /** Ctrl-C while a question runs: cancel that question, not the session. */
  cancel(): void;
  /** Ctrl-D on an empty line: end the session. */
  end(): void;
}
