import { Box, Text, useInput, useStdin, useWindowSize } from 'ink';
import { useState } from 'react';
import { useTheme } from '../theme.tsx';
import { InspectorApp } from './inspector-app.tsx';
import type { InspectorData } from './inspector-data.ts';
import type { Size } from './nav-state.ts';

export interface SessionInspectorProps {
  /** One indexed log per question of the session, in order. */
  questions: InspectorData[];
  size?: Size;
  onQuit?: () => void;
}

/**
 * `rlm view` of a session log: the inspector over one question at a time, with a line above it naming the question;
 * Ctrl-N / Ctrl-P move to the next / previous question (control keys, so a search query can still hold any letter).
 */
export function SessionInspector({ questions, size, onQuit }: SessionInspectorProps) {
  const theme = useTheme();
  const windowSize = useWindowSize();
  const actual = size ?? windowSize;
  const [index, setIndex] = useState(0);
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'n') setIndex((value) => Math.min(questions.length - 1, value + 1));
      else if (key.ctrl && input === 'p') setIndex((value) => Math.max(0, value - 1));
    },
    { isActive: Boolean(isRawModeSupported) },
  );
  const data = questions[index];
  if (!data) return null;
  const question = data.summary.question ?? '';
  return (
    <Box flexDirection="column" width={actual.columns}>
      <Text wrap="truncate-end">
        <Text color={theme.accent} bold>{`Question ${index + 1}/${questions.length}`}</Text>
        <Text>{` ${question.replace(/\s+/g, ' ')}`}</Text>
        <Text dimColor={theme.dim}>{'  ctrl-n next · ctrl-p previous'}</Text>
      </Text>
      <InspectorApp
        key={index}
        data={data}
        size={{ columns: actual.columns, rows: Math.max(6, actual.rows - 1) }}
        {...(onQuit ? { onQuit } : {})}
      />
    </Box>
  );
}
