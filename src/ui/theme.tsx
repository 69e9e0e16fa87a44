import { createContext, useContext } from 'react';
import type { TokenKind } from './highlight.ts';

/** Colour names per role; all undefined when colours are off (NO_COLOR, no TTY). */
export interface Theme {
  enabled: boolean;
  accent?: string;
  dim: boolean;
  ok?: string;
  fail?: string;
  warn?: string;
  label?: string;
  subcall?: string;
  code: Partial<Record<TokenKind, string>>;
}

export const COLOR_THEME: Theme = {
  enabled: true,
  accent: 'cyan',
  dim: true,
  ok: 'green',
  fail: 'red',
  warn: 'yellow',
  label: 'magenta',
  subcall: 'blue',
  code: { keyword: 'magenta', string: 'green', number: 'yellow', comment: 'gray', regexp: 'red', builtin: 'cyan' },
};

export const PLAIN_THEME: Theme = { enabled: false, dim: false, code: {} };

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export const useTheme = () => useContext(ThemeContext);
