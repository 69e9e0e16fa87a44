import { Text, useAnimation } from 'ink';
import { useTheme } from '../theme.tsx';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const INTERVAL_MS = 200;

/**
 * Animated while running; `animate: false` renders one frame (tests, non-interactive output). Given a `clock` (ms)
 * instead, it keeps no timer and shows that moment's frame: the view redraws often enough by itself then.
 */
export function Spinner({ animate = true, clock }: { animate?: boolean; clock?: number }) {
  const theme = useTheme();
  const { frame } = useAnimation({ interval: INTERVAL_MS, isActive: animate && clock === undefined });
  const shown = clock === undefined ? frame : Math.floor(clock / INTERVAL_MS);
  return <Text color={theme.warn}>{FRAMES[shown % FRAMES.length]}</Text>;
}
