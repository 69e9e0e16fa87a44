// The UI's public surface.
export { renderRun, type RenderRunOptions, type RunViewHandle } from './live-view/index.ts';
export { RunApp, type RunAppProps } from './components/run-app.tsx';
export { reduceRunView, foldEvents } from './state/reducer.ts';
export { initialRunView } from './state/run-state.ts';
export type { RunView, IterationView, CellView, SubcallView, CellLabel, RlmView } from './state/run-state.ts';
export { labelsFromCode, labelCell } from '../engine/internal.ts';
export { COLOR_THEME, PLAIN_THEME, ThemeContext } from './theme.tsx';
export type { EventSource } from './hooks/use-run-view.ts';
export { buildInspectorData, renderInspector, SessionInspector, type InspectorOptions } from './inspector/index.ts';
export {
  ChatApp,
  renderChat,
  reduceInput,
  EMPTY_INPUT,
  type ChatEvent,
  type ChatPort,
  type InputAction,
  type InputState,
} from './chat/index.ts';
