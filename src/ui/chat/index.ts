export { ChatApp, type ChatAppProps } from './chat-app.tsx';
export type { ChatEvent, ChatPort } from './chat-port.ts';
export { EMPTY_INPUT, reduceInput, type InputAction, type InputState } from './input-state.ts';
export { renderChat, type RenderChatOptions } from './render-chat.tsx';
