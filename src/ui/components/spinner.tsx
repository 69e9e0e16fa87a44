import { Text, useAnimation } from 'ink';
import { useTheme } from '../theme.tsx';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Animated while running; `static` renders one frame (tests, non-interactive output). */
export function Spinner({ animate = true }: { animate?: boolean }) {
  const theme = useTheme();
  const { frame } = useAnimation({ interval: 200, isActive: animate });
  return <Text color={theme.warn}>{FRAMES[frame % FRAMES.length]}</Text>;
}
