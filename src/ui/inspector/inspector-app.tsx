import { Box, useApp, useInput, useStdin, useWindowSize, type Key } from 'ink';
import { useEffect, useReducer } from 'react';
import { breadcrumb } from './breadcrumb.ts';
import { InspectorFooter, InspectorHeader, positionOf } from './chrome.tsx';
import { CostScreenView } from './cost-screen.tsx';
import { DocView } from './doc-view.tsx';
import type { InspectorData } from './inspector-data.ts';
import { IterationScreenView } from './iteration-screen.tsx';
import { applyInput, keyHints } from './key-map.ts';
import {
  bodyRows,
  current,
  docOf,
  initialNav,
  rlmListRows,
  searchListRows,
  textRows,
  type NavState,
  type Size,
} from './nav-state.ts';
import { navigate, type NavAction } from './navigate.ts';
import { RlmScreenView } from './rlm-screen.tsx';
import { SearchScreenView } from './search-screen.tsx';

export interface InspectorAppProps {
  data: InspectorData;
  /** Fixed terminal size (tests); otherwise the window's, following resizes. */
  size?: Size;
  onQuit?: () => void;
}

/** `rlm view` on a terminal: a stack of screens over one indexed log, driven by the navigation reducer. */
export function InspectorApp({ data, size, onQuit }: InspectorAppProps) {
  const windowSize = useWindowSize();
  const actual = size ?? windowSize;
  const [state, dispatch] = useReducer(
    (previous: NavState, event: NavAction | { type: 'input'; input: string; key: Key }) =>
      event.type === 'input' ? applyInput(previous, event.input, event.key, data) : navigate(previous, event, data),
    actual,
    initialNav,
  );
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();

  useEffect(() => {
    if (state.size.columns !== actual.columns || state.size.rows !== actual.rows)
      dispatch({ type: 'resize', size: { columns: actual.columns, rows: actual.rows } });
  }, [actual.columns, actual.rows, state.size.columns, state.size.rows]);

  useEffect(() => {
    if (!state.quit) return;
    onQuit?.();
    exit();
  }, [state.quit, exit, onQuit]);

  const screen = current(state);
  useInput((input, key) => dispatch({ type: 'input', input, key }), { isActive: Boolean(isRawModeSupported) });

  let body;
  let position: string | null = null;
  switch (screen.kind) {
    case 'rlm':
      body = <RlmScreenView data={data} screen={screen} height={rlmListRows(state.size)} />;
      break;
    case 'iteration': {
      body = <IterationScreenView data={data} state={state} screen={screen} />;
      if (screen.focus === 'text')
        position = positionOf(
          screen.scroll,
          textRows(data, state, screen),
          docOf(data, screen, state.size.columns).lines.length,
        );
      break;
    }
    case 'subcall': {
      const doc = docOf(data, screen, state.size.columns);
      const height = textRows(data, state, screen);
      body = <DocView doc={doc} scroll={screen.scroll} height={height} query={state.query} />;
      position = positionOf(screen.scroll, height, doc.lines.length);
      break;
    }
    case 'search':
      body = <SearchScreenView screen={screen} height={searchListRows(state.size)} />;
      break;
    case 'cost':
      body = <CostScreenView data={data} height={bodyRows(state.size)} />;
      break;
  }
  const hasChild = screen.kind === 'subcall' && Boolean(data.view.subcalls[screen.subcallId]?.childRlmId);
  return (
    <Box flexDirection="column" width={state.size.columns}>
      <InspectorHeader data={data} crumbs={breadcrumb(data, state.stack)} />
      <Box flexDirection="column" height={bodyRows(state.size)} overflow="hidden">
        {body}
      </Box>
      <InspectorFooter hints={keyHints(screen, hasChild)} position={position} />
    </Box>
  );
}
