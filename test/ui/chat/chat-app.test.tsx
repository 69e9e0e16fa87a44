import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatApp, PLAIN_THEME, ThemeContext, type ChatEvent, type ChatPort } from '../../../src/ui/index.ts';
import { fakeSource, loadEvents, stripAnsi, waitFor } from '../support.ts';

afterEach(cleanup);

function fakePort() {
  const listeners = new Set<(event: ChatEvent) => void>();
  const calls: string[] = [];
  const port: ChatPort = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    submit: (line) => calls.push(`submit:${line}`),
    cancel: () => calls.push('cancel'),
    end: () => calls.push('end'),
  };
  return { port, calls, emit: (event: ChatEvent) => listeners.forEach((listener) => listener(event)) };
}

const mount = (port: ChatPort) =>
  render(
    <ThemeContext.Provider value={PLAIN_THEME}>
      <ChatApp port={port} fps={50} now={() => 0} />
    </ThemeContext.Provider>,
  );

const screen = (app: ReturnType<typeof mount>) => stripAnsi(app.frames.join('\n'));

describe('rlm chat app', () => {
  it('keeps each finished question above with its turns and answer, and the input line at the bottom', async () => {
    const { port, emit } = fakePort();
    const app = mount(port);
    const events = loadEvents('depth-2');
    const source = fakeSource();
    emit({ type: 'notice', text: 'rlm chat · root-model' });
    emit({ type: 'question', index: 1, question: 'What is in the tree?', source });
    source.emit(...events);
    const answer = events.findLast((event) => event.type === 'run_end' && event.depth === 0);
    const text = answer?.type === 'run_end' ? (answer.answer ?? '') : '';
    await waitFor(() => screen(app).includes(text.slice(0, 20)));
    const shown = screen(app);
    expect(shown).toContain('❯ What is in the tree?');
    expect(shown).toContain('▸ Turn 1/');
    expect(shown).toContain('Answer');
    expect(shown).toContain(text.slice(0, 20));
    // The last frame ends with the input line and its key help, ready for the next question.
    const last = stripAnsi(app.lastFrame() ?? '');
    expect(last).toContain('›');
    expect(last).toContain('/context /vars /cost /help /exit');
  });

  it('sends typed lines, Ctrl-C cancels a running question, Ctrl-D on an empty line ends', async () => {
    const { port, calls, emit } = fakePort();
    const app = mount(port);
    await waitFor(() => screen(app).includes('›'));
    app.stdin.write('hello');
    app.stdin.write('\r');
    await waitFor(() => calls.length > 0);
    expect(calls).toEqual(['submit:hello']);
    emit({ type: 'question', index: 1, question: 'hello', source: fakeSource() });
    await waitFor(() => screen(app).includes('Ctrl-C: cancel this question'));
    app.stdin.write('\u0003');
    await waitFor(() => calls.length > 1);
    app.stdin.write('\u0004');
    await waitFor(() => calls.length > 2);
    expect(calls).toEqual(['submit:hello', 'cancel', 'end']);
  });

  it('recalls earlier input with the up arrow', async () => {
    const { port, calls } = fakePort();
    const app = mount(port);
    await waitFor(() => screen(app).includes('›'));
    app.stdin.write('first question');
    app.stdin.write('\r');
    await waitFor(() => calls.length === 1);
    app.stdin.write('\u001B[A');
    app.stdin.write('\r');
    await waitFor(() => calls.length === 2);
    expect(calls).toEqual(['submit:first question', 'submit:first question']);
  });
});
