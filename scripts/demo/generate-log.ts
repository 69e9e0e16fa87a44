// Writes fixtures/demo/service.log: ~40,000 lines of a small service mesh's logs with one planted incident
// (a config push shrinks the payments DB pool; checkout requests fail until a rollback). Seeded: byte-identical
// on every run, which the recorded trajectory's replay relies on.

export interface GeneratedLog {
  text: string;
  failedRequestIds: string[];
  rootCauseLine: string;
}

function mulberry32(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['api-gateway', 'checkout', 'payments', 'inventory', 'auth', 'search'];
const ROUTES: Record<string, string[]> = {
  'api-gateway': ['/checkout', '/cart', '/search', '/login', '/products'],
  checkout: ['/v1/orders', '/v1/orders/confirm'],
  payments: ['/v1/charge', '/v1/refund'],
  inventory: ['/v1/reserve', '/v1/stock'],
  auth: ['/v1/token', '/v1/session'],
  search: ['/v1/query'],
};

export function generateServiceLog(seed = 20261124, lines = 40_000): GeneratedLog {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const requestId = () =>
    Math.floor(random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  const start = Date.parse('2026-11-03T13:30:00.000Z');
  const incidentStart = Date.parse('2026-11-03T14:07:31.000Z');
  const rollback = Date.parse('2026-11-03T14:19:02.000Z');
  const stepMs = (90 * 60_000) / lines;
  const out: string[] = [];
  const failed: string[] = [];
  const rootCauseLine =
    '2026-11-03T14:07:31.000Z INFO  config-agent applied config v418 to payments: db.pool.max 50 -> 5 (change 7f3c2a, author ci-bot)';
  let plantedCause = false;
  let plantedRollback = false;

  for (let index = 0; index < lines; index += 1) {
    const now = start + index * stepMs;
    const stamp = new Date(now).toISOString();
    if (!plantedCause && now >= incidentStart) {
      out.push(rootCauseLine);
      plantedCause = true;
    }
    if (!plantedRollback && now >= rollback) {
      out.push(
        `${new Date(rollback).toISOString()} INFO  config-agent rolled back payments to config v417: db.pool.max 5 -> 50 (change 7f3c2a reverted by oncall)`,
      );
      plantedRollback = true;
    }
    const inIncident = now >= incidentStart + 9_000 && now < rollback;
    const service = pick(SERVICES);
    const id = requestId();
    if (inIncident && (service === 'checkout' || service === 'payments') && random() < 0.05) {
      const waitId = requestId();
      out.push(
        `${stamp} ERROR payments req=${waitId} pool exhausted: timed out waiting for a connection after 5000ms (active=5 idle=0 waiting=${12 + Math.floor(random() * 30)})`,
      );
      out.push(
        `${stamp} ERROR checkout req=${waitId} POST /v1/orders/confirm failed: upstream payments returned 503 after 5012ms`,
      );
      failed.push(waitId);
      continue;
    }
    const roll = random();
    if (roll < 0.004 && service === 'search') {
      out.push(`${stamp} ERROR search req=${id} query timed out after 2000ms (shard=${Math.floor(random() * 8)})`);
    } else if (roll < 0.03) {
      out.push(
        `${stamp} WARN  ${service} req=${id} slow request ${pick(ROUTES[service] ?? ['/'])} latency_ms=${800 + Math.floor(random() * 1500)}`,
      );
    } else if (roll < 0.035) {
      out.push(
        `${stamp} INFO  ${service} health check ok (uptime ${Math.floor(random() * 90_000)}s, heap ${Math.floor(120 + random() * 300)}MB)`,
      );
    } else {
      out.push(
        `${stamp} INFO  ${service} req=${id} ${pick(['GET', 'POST'])} ${pick(ROUTES[service] ?? ['/'])} status=200 latency_ms=${5 + Math.floor(random() * 180)} user=u${Math.floor(random() * 5000)}`,
      );
    }
  }
  return { text: `${out.join('\n')}\n`, failedRequestIds: failed, rootCauseLine };
}
