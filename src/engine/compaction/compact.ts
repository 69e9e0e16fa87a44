import { truncateMiddle } from '../sandbox/index.ts';
import type { ChatMessage } from '../types.ts';
import { estimateMessages, estimateTokens, type RequestSizer } from './estimate-tokens.ts';

/** The summarising request leaves this share of the window for the summary it asks for. */
const SUMMARY_REQUEST_SHARE = 0.8;
/** A summary longer than this share of the window is cut (head + tail). */
const SUMMARY_SHARE = 0.2;

export interface CompactionOutcome {
  tokensBefore: number;
  tokensAfter: number;
  replacedMessages: number;
  summary: string;
}

export interface Compaction {
  /** The model's context window in tokens. */
  window: number;
  /** Fraction of the window a request may reach. */
  threshold: number;
  sizer: RequestSizer;
  /** Asks the root model to summarise `messages` (the conversation followed by the summarising request). */
  summarise(messages: ChatMessage[]): Promise<string>;
  /** Which turns the summary covers, for the message that replaces them. */
  describeSummary(summary: string, replacedMessages: number): string;
}

/**
 * Makes the next root request fit under the threshold, rewriting `messages` in place: the question (first message)
 * stays, the turns between it and the newest message are replaced by the root model's own summary, and the newest
 * message is cut (head + tail) if it alone would still not fit. Returns what it did when it summarised.
 */
export async function fitConversation(
  messages: ChatMessage[],
  compaction: Compaction,
): Promise<CompactionOutcome | null> {
  const limit = Math.floor(compaction.window * compaction.threshold);
  const tokensBefore = compaction.sizer.estimate(messages);
  if (tokensBefore <= limit) return null;
  const [question, ...rest] = messages;
  const newest = rest.pop();
  if (!question || !newest) return null;

  let outcome: CompactionOutcome | null = null;
  let kept: ChatMessage[] = [question];
  if (rest.length > 0) {
    const request = summaryRequest(question, rest, compaction);
    const summaryLimitChars = Math.max(2_000, Math.floor(compaction.window * SUMMARY_SHARE * 3));
    const summary = truncateMiddle((await compaction.summarise(request)).trim(), summaryLimitChars).text;
    kept = [question, { role: 'assistant', content: compaction.describeSummary(summary, rest.length) }];
    outcome = { tokensBefore, tokensAfter: 0, replacedMessages: rest.length, summary };
  }
  const room = limit - compaction.sizer.estimateFresh(kept) - 4;
  kept.push({ ...newest, content: cutToTokens(newest.content, room) });
  messages.splice(0, messages.length, ...kept);
  compaction.sizer.reset();
  if (outcome) outcome.tokensAfter = compaction.sizer.estimate(messages);
  return outcome;
}

/** The turns to summarise, then the request; oldest turns are left out if even that would not fit the window. */
function summaryRequest(question: ChatMessage, turns: ChatMessage[], compaction: Compaction): ChatMessage[] {
  const budget = Math.floor(compaction.window * SUMMARY_REQUEST_SHARE);
  const ask: ChatMessage = { role: 'user', content: SUMMARY_INSTRUCTION };
  // No single message may take more than a quarter of the request.
  const perMessage = Math.max(200, Math.floor(budget / 4));
  const capped = turns.map((turn) => ({ ...turn, content: cutToTokens(turn.content, perMessage) }));
  const fixed = compaction.sizer.estimateFresh([question, ask]);
  let start = 0;
  while (start < capped.length - 1 && fixed + estimateMessages(capped.slice(start)) > budget) start += 2;
  if (start === 0) return [question, ...capped, ask];
  const note = `(The ${start} oldest messages were left out of this request to fit the context window; the REPL's \`history\` has them.)\n\n`;
  return [question, ...capped.slice(start), { ...ask, content: note + ask.content }];
}

/** Cuts text (head + tail, with a marker) to about `tokens` by the estimate. */
function cutToTokens(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  let chars = Math.max(200, tokens * 3);
  let cut = truncateMiddle(text, chars).text;
  while (estimateTokens(cut) > tokens && chars > 200) {
    chars = Math.floor(chars * 0.8);
    cut = truncateMiddle(text, chars).text;
  }
  return cut;
}

const SUMMARY_INSTRUCTION = `Your conversation is about to exceed the model's context window, so your turns so far will be replaced by a summary you write now. Summarise them for yourself: what the question needs; what you found (facts, numbers, names, with where they came from); which REPL variables and functions hold what (they all still exist); what failed and why; and what you planned to do next. Be complete but concise. Do not write code: this reply is not run.`;
