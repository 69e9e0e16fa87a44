// The floor the CLI is measured against: plain Node that reads stdin and sends Chat Completions requests with fetch,
// streaming like the CLI's root calls, nothing else. `first` sends one request; `loop N` sends N in sequence.
import { text } from 'node:stream/consumers';

const [mode, countText] = process.argv.slice(2);
const baseURL = process.env.FLOOR_BASE_URL ?? '';
const context = await text(process.stdin);
const messages = [{ role: 'user', content: `question about ${context.length} characters` }];

async function request(turn: number): Promise<string> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'root',
      stream: true,
      messages: [...messages, { role: 'user', content: `Turn ${turn}/` }],
    }),
  });
  return response.text();
}

const turns = mode === 'loop' ? Number(countText ?? '10') : 1;
for (let turn = 1; turn <= turns; turn += 1) {
  const body = await request(turn);
  messages.push({ role: 'assistant', content: body.slice(0, 200) });
}
