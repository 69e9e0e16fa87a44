// The floor for `rlm ask` with a big context on stdin: read all of stdin into one buffer, decode it, and send one
// chat request to the server at argv[2] — what any script must do at the least. Exits when the reply arrives.
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const text = Buffer.concat(chunks).toString('utf8');
const response = await fetch(`${process.argv[2]}/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    model: 'root',
    messages: [{ role: 'user', content: `Turn 1/30. The context has ${text.length} characters.` }],
  }),
});
await response.text();
