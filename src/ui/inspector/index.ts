import { render } from 'ink';
import { createElement } from 'react';
import { splitQuestions, type LogHeader, type RlmEvent } from '../../engine/internal.ts';
import { guardStream } from '../../output/index.ts';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../theme.tsx';
import { InspectorApp } from './inspector-app.tsx';
import { buildInspectorData } from './inspector-data.ts';
import { SessionInspector } from './session-inspector.tsx';

export { InspectorApp, type InspectorAppProps } from './inspector-app.tsx';
export { SessionInspector, type SessionInspectorProps } from './session-inspector.tsx';
export { buildInspectorData, type InspectorData } from './inspector-data.ts';
export { navigate, type NavAction } from './navigate.ts';
export { initialNav, type NavState, type Screen } from './nav-state.ts';
export { searchTree, type SearchMatch } from './search.ts';

export interface InspectorOptions {
  file: string;
  header: LogHeader | null;
  events: RlmEvent[];
  partial: boolean;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  color: boolean;
}

/** Mounts the interactive log inspector and resolves when the user quits. */
export async function renderInspector(options: InspectorOptions): Promise<void> {
  // A session log holds several questions: the inspector shows one at a time.
  const questions = splitQuestions(options.events);
  const datas = questions.map((events) =>
    buildInspectorData({ ...options, events, partial: !events.some((e) => e.type === 'run_end' && e.depth === 0) }),
  );
  const first = datas[0] ?? buildInspectorData(options);
  // The CLI mounts this only on a terminal; ink would otherwise turn interactivity off whenever CI is set.
  const app = createElement(
    ThemeContext.Provider,
    { value: options.color ? COLOR_THEME : PLAIN_THEME },
    datas.length > 1
      ? createElement(SessionInspector, { questions: datas })
      : createElement(InspectorApp, { data: first }),
  );
  const instance = render(app, {
    // The CLI's stdout lets only colours through: a full-screen renderer needs its cursor moves as well.
    stdout: guardStream(options.stdout, 'screen'),
    stdin: options.stdin,
    stderr: options.stderr,
    exitOnCtrlC: true,
    patchConsole: false,
    alternateScreen: true,
    interactive: Boolean(options.stdout.isTTY),
  });
  await instance.waitUntilExit();
}
