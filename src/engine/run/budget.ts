import { RlmError } from '../errors.ts';
import type { BudgetKind } from '../events.ts';
import { totalTokens, type UsageLedger } from '../usage/usage.ts';

export interface BudgetLimits {
  maxCostUsd: number | null;
  maxTokens: number | null;
  maxSubcalls: number | null;
  timeoutMs: number | null;
}

export interface BudgetSnapshot {
  costUsd: { used: number; max: number | null };
  tokens: { used: number; max: number | null };
  subcalls: { used: number; max: number | null };
  seconds: { used: number; max: number | null };
}

const WARN_AT = 0.8;
const LIMIT_KEYS: Record<BudgetKind, keyof BudgetLimits> = {
  cost: 'maxCostUsd',
  tokens: 'maxTokens',
  subcalls: 'maxSubcalls',
  time: 'timeoutMs',
};
const LABELS: Record<BudgetKind, string> = { cost: 'cost', tokens: 'token', subcalls: 'sub-call', time: 'time' };

/**
 * Limits shared by the whole run tree. Exhaustion is reported once, through `onExhausted`, which the run
 * turns into cancelling in-flight work; crossing 80% of a limit is reported once per limit through `onWarning`.
 */
export class Budget {
  readonly limits: BudgetLimits;
  readonly #ledger: UsageLedger;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #warned = new Set<BudgetKind>();
  readonly #sessionLimits: Partial<BudgetLimits>;
  #subcalls = 0;
  #exhausted: BudgetKind | null = null;
  onWarning: (kind: BudgetKind, used: number, max: number) => void = () => undefined;
  onExhausted: (kind: BudgetKind, error: RlmError) => void = () => undefined;

  /** `sessionLimits`: limits that come from a session (what it had left), named as the session's when reached. */
  constructor(limits: BudgetLimits, ledger: UsageLedger, now: () => number, sessionLimits: Partial<BudgetLimits> = {}) {
    this.limits = limits;
    this.#sessionLimits = sessionLimits;
    this.#ledger = ledger;
    this.#now = now;
    this.#startedAt = now();
  }

  get exhausted(): BudgetKind | null {
    return this.#exhausted;
  }

  get subcalls(): number {
    return this.#subcalls;
  }

  /** Counts one sub-call, or throws when the sub-call limit is already used up. */
  takeSubcall(): void {
    if (this.#exhausted) throw this.#error(this.#exhausted);
    const max = this.limits.maxSubcalls;
    if (max !== null && this.#subcalls >= max) {
      this.#exhaust('subcalls');
      throw this.#error('subcalls');
    }
    this.#subcalls += 1;
    this.#check('subcalls', this.#subcalls, max);
  }

  /** Re-evaluates token and cost limits after a call's usage was recorded. */
  afterUsage(): void {
    this.#check('tokens', totalTokens(this.#ledger.total), this.limits.maxTokens);
    this.#check('cost', this.#ledger.knownCostUsd, this.limits.maxCostUsd);
  }

  /** Called by the run's timer at 80% of the wall-clock limit. */
  timeWarning(): void {
    const max = this.limits.timeoutMs;
    if (max === null || this.#warned.has('time') || this.#exhausted) return;
    this.#warned.add('time');
    this.onWarning('time', (this.#now() - this.#startedAt) / 1000, max / 1000);
  }

  /** Called by the run's timer when the wall-clock limit passes. */
  timeUp(): void {
    this.#exhaust('time');
  }

  snapshot(): BudgetSnapshot {
    return {
      costUsd: { used: this.#ledger.knownCostUsd, max: this.limits.maxCostUsd },
      tokens: { used: totalTokens(this.#ledger.total), max: this.limits.maxTokens },
      subcalls: { used: this.#subcalls, max: this.limits.maxSubcalls },
      seconds: {
        used: (this.#now() - this.#startedAt) / 1000,
        max: this.limits.timeoutMs === null ? null : this.limits.timeoutMs / 1000,
      },
    };
  }

  #check(kind: BudgetKind, used: number, max: number | null): void {
    if (max === null) return;
    if (used >= max && kind !== 'subcalls') this.#exhaust(kind);
    else if (used >= max * WARN_AT && !this.#warned.has(kind)) {
      this.#warned.add(kind);
      this.onWarning(kind, used, max);
    }
  }

  #exhaust(kind: BudgetKind): void {
    if (this.#exhausted) return;
    this.#exhausted = kind;
    this.onExhausted(kind, this.#error(kind));
  }

  #error(kind: BudgetKind): RlmError {
    const code = kind === 'time' ? 'timeout' : 'budget_exhausted';
    const key = LIMIT_KEYS[kind];
    const session = this.#sessionLimits[key];
    const max = session ?? this.limits[key] ?? 0;
    const limit = {
      cost: `$${max}`,
      tokens: `${max} tokens`,
      subcalls: `${max} sub-calls`,
      time: `${max / 1000} s`,
    }[kind];
    return new RlmError(
      code,
      `The ${session === undefined ? "run's" : "session's"} ${LABELS[kind]} limit (${limit}) was reached`,
    );
  }
}
