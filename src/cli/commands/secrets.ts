import type { FileConfig } from '../config/schema.ts';
import { usageError } from '../exit-codes.ts';
import type { Redactor } from '../../output/index.ts';
import { urlSecrets } from '../../output/index.ts';

/**
 * Everything a run knows that is secret goes to the one redactor: provider keys from config and environment,
 * and credentials in any base URL (`user:password@`, `?api_key=`), from flags, config or `*_BASE_URL` variables.
 */
function registerSecrets(
  redactor: Redactor,
  input: {
    keys: Record<string, string | undefined>;
    baseUrl: string | undefined;
    config: FileConfig;
    env: NodeJS.ProcessEnv;
  },
): void {
  const urls = [
    input.baseUrl,
    ...Object.values(input.config.baseUrls ?? {}),
    ...Object.entries(input.env)
      .filter(([name]) => name.endsWith('_BASE_URL'))
      .map(([, value]) => value),
  ];
  redactor.add([...Object.values(input.keys), ...urls.flatMap((url) => urlSecrets(url))]);
}

/**
 * A base URL with `user:password@` or a query string (`?api_key=…`) in it is a configuration mistake: fetch refuses
 * credentials in a URL, the SDK appends its paths after the query, and the secret would be echoed wherever the URL
 * is. A usage error (exit 2) naming where it came from, the URL shown redacted.
 */
function rejectUrlCredentials(url: string | undefined, source: string, redact: (text: string) => string): void {
  if (!url) return;
  const credentials = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i.test(url);
  if (!credentials && !/[?#]/.test(url)) return;
  throw usageError(
    `${source} ${credentials ? 'carries credentials' : 'has a query string'} (${redact(url)}): give a plain endpoint ` +
      'such as http://localhost:8000/v1, and the key in the provider’s key variable (OPENAI_API_KEY for an ' +
      'OpenAI-compatible server).',
  );
}

/**
 * Before a run or a session: every key and base-URL secret joins the redactor, and a base URL carrying credentials
 * (flag, environment or config) stops here with a usage error.
 */
export function guardRunSecrets(
  io: { redactor: Redactor; env: NodeJS.ProcessEnv; redact: (text: string) => string },
  input: {
    keys: Record<string, string | undefined>;
    baseUrl: string | undefined;
    baseUrlFlag: boolean;
    config: FileConfig;
  },
): void {
  registerSecrets(io.redactor, { keys: input.keys, baseUrl: input.baseUrl, config: input.config, env: io.env });
  rejectUrlCredentials(input.baseUrl, input.baseUrlFlag ? '--base-url' : 'The base URL', io.redact);
  for (const [provider, url] of Object.entries(input.config.baseUrls ?? {}))
    rejectUrlCredentials(url, `The ${provider} base URL`, io.redact);
}
