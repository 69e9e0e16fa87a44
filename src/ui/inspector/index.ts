import { render } from 'ink';
import { createElement } from 'react';
import type { LogHeader, RlmEvent } from '../../engine/index.ts';
import { guardStream } from '../../output/index.ts';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../theme.tsx';
import { InspectorApp } from './inspector-app.tsx';
import { buildInspectorData } from './inspector-data.ts';

export { InspectorApp, type InspectorAppProps } from './inspector-app.tsx';
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
  const data = buildInspectorData(options);
  // The CLI mounts this only on a terminal; ink would otherwise turn interactivity off whenever CI is set.
  const app = createElement(
    ThemeContext.Provider,
    { value: options.color ? COLOR_THEME : PLAIN_THEME },
    createElement(InspectorApp, { data }),
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
