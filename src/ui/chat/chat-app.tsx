import { Box, Static, Text, useInput, useStdin } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { IterationBlock } from '../components/iteration-block.tsx';
import type { EventSource } from '../hooks/use-run-view.ts';
import type { IterationView, RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import type { ChatPort } from './chat-port.ts';
import { EMPTY_INPUT, reduceInput, type InputAction } from './input-state.ts';
import { FinishedAnswer, QuestionLive } from './question-live.tsx';

/** What stays printed above the input line, in order: questions, their turns and answers, command output. */
type TranscriptItem =
  | { key: string; kind: 'notice'; text: string; tone: 'info' | 'error' | 'dim' }
  | { key: string; kind: 'question'; index: number; question: string }
  | { key: string; kind: 'turn'; view: RunView; iteration: IterationView }
  | { key: string; kind: 'answer'; view: RunView };

export interface ChatAppProps {
  port: ChatPort;
  fps?: number;
  now?: () => number;
}

/** `rlm chat` on a terminal: the transcript scrolls above, the running question is live, the input line is last. */
export function ChatApp({ port, fps = 10, now = Date.now }: ChatAppProps) {
  const theme = useTheme();
  const [items, setItems] = useState<TranscriptItem[]>([]);
  const [current, setCurrent] = useState<{ index: number; source: EventSource } | null>(null);
  const [closed, setClosed] = useState(false);
  // Keys can arrive faster than React re-renders (a paste, then Enter): the line lives in a ref updated at once,
  // and the state only redraws it.
  const line = useRef(EMPTY_INPUT);
  const [input, setInput] = useState(EMPTY_INPUT);
  const dispatch = (action: InputAction) => {
    line.current = reduceInput(line.current, action);
    setInput(line.current);
  };
  const { isRawModeSupported } = useStdin();
  const append = useCallback((item: TranscriptItem) => setItems((list) => [...list, item]), []);

  useEffect(
    () =>
      port.subscribe((event) => {
        if (event.type === 'notice')
          append({ key: `n${Math.random()}`, kind: 'notice', text: event.text, tone: event.tone ?? 'info' });
        else if (event.type === 'question') {
          append({ key: `q${event.index}`, kind: 'question', index: event.index, question: event.question });
          setCurrent({ index: event.index, source: event.source });
        } else setClosed(true);
      }),
    [port, append],
  );

  const submit = () => {
    const entered = line.current.text.trim();
    dispatch({ type: 'submit' });
    if (entered !== '') port.submit(entered);
  };

  useInput(
    (text, key) => {
      if (key.ctrl && text === 'c') {
        if (current) port.cancel();
        else if (line.current.text !== '') dispatch({ type: 'clear' });
        else
          append({ key: `n${Math.random()}`, kind: 'notice', text: 'Ctrl-D or /exit ends the session.', tone: 'dim' });
      } else if (key.ctrl && text === 'd') {
        if (line.current.text === '') port.end();
        else dispatch({ type: 'delete_right' });
      } else if (key.return) {
        submit();
      } else if (key.upArrow) dispatch({ type: 'up' });
      else if (key.downArrow) dispatch({ type: 'down' });
      else if (key.leftArrow) dispatch({ type: 'left' });
      else if (key.rightArrow) dispatch({ type: 'right' });
      else if (key.home || (key.ctrl && text === 'a')) dispatch({ type: 'home' });
      else if (key.end || (key.ctrl && text === 'e')) dispatch({ type: 'end' });
      else if (key.backspace || key.delete) dispatch({ type: 'delete_left' });
      else if (!key.ctrl && !key.meta && text) {
        // Typed ahead or pasted, a chunk can hold line ends: each one submits the line so far, as Enter would.
        const [head = '', ...lines] = text.split(/\r\n?|\n/);
        dispatch({ type: 'insert', text: head });
        for (const next of lines) {
          submit();
          dispatch({ type: 'insert', text: next });
        }
      }
    },
    { isActive: Boolean(isRawModeSupported) && !closed },
  );

  const before = input.text.slice(0, input.cursor);
  const at = input.text[input.cursor] ?? ' ';
  const after = input.text.slice(input.cursor + 1);
  return (
    <Box flexDirection="column">
      <Static items={items}>{(item) => <TranscriptLine key={item.key} item={item} />}</Static>
      {current && (
        <QuestionLive
          key={current.index}
          source={current.source}
          fps={fps}
          now={now}
          onTurn={(view, iteration) =>
            append({ key: `q${current.index}t${iteration.iteration}`, kind: 'turn', view, iteration })
          }
          onEnd={(view) => {
            append({ key: `q${current.index}a`, kind: 'answer', view });
            setCurrent(null);
          }}
        />
      )}
      {!closed && (
        <Box marginTop={1}>
          <Text color={theme.accent} bold>
            {current ? '… ' : '› '}
          </Text>
          <Text>
            {before}
            <Text inverse>{at}</Text>
            {after}
          </Text>
        </Box>
      )}
      {!closed && (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {current
            ? 'Ctrl-C: cancel this question · the session stays'
            : 'enter: ask · ↑↓: history · /context /vars /cost /help /exit · Ctrl-D: end'}
        </Text>
      )}
    </Box>
  );
}

function TranscriptLine({ item }: { item: TranscriptItem }) {
  const theme = useTheme();
  if (item.kind === 'notice')
    return (
      <Text color={item.tone === 'error' ? theme.fail : undefined} dimColor={item.tone === 'dim' ? theme.dim : false}>
        {item.text}
      </Text>
    );
  if (item.kind === 'question')
    return (
      <Box marginTop={1}>
        <Text color={theme.accent} bold>{`❯ ${item.question}`}</Text>
        <Text dimColor={theme.dim}>{`  (question ${item.index})`}</Text>
      </Box>
    );
  if (item.kind === 'turn')
    return (
      <IterationBlock
        view={item.view}
        iteration={item.iteration}
        maxIterations={item.view.limits?.maxIterations ?? 0}
        fullProse={false}
        options={{ expandedBatches: new Set(), animate: false, listRows: 8, listOffset: 0 }}
      />
    );
  return <FinishedAnswer view={item.view} />;
}
