import { render } from 'ink';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../theme.tsx';
import { ChatApp } from './chat-app.tsx';
import type { ChatPort } from './chat-port.ts';
import { liveInkOptions } from '../ink-options.ts';

export interface RenderChatOptions {
  port: ChatPort;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  color: boolean;
}

/** Mounts the chat app; resolves once it has unmounted (after the port said `closed`). */
export function renderChat(options: RenderChatOptions): { unmount(): Promise<void> } {
  const instance = render(
    <ThemeContext.Provider value={options.color ? COLOR_THEME : PLAIN_THEME}>
      <ChatApp port={options.port} />
    </ThemeContext.Provider>,
    liveInkOptions({ stdout: options.stdout, stdin: options.stdin, stderr: options.stderr }),
  );
  return {
    async unmount() {
      // One more frame so the last transcript lines are on screen, then give the terminal back.
      await new Promise((resolve) => setTimeout(resolve, 120));
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
