/**
 * A keyword classifier of the kind a model writes when it cannot read the instances: question words and a few cue
 * phrases. It is the regex shortcut's classifier and the no-sub-call ablation's, and the templates are built to
 * defeat it. Self-contained on purpose: the oracle ships its source into the sandbox with `toString()`.
 */
export function keywordLabel(text: string): string {
  const t = text.toLowerCase().trim();
  if (/\b(stand for|stands for|abbreviation|acronym|full form|short for)\b/.test(t)) return 'abbreviation';
  if (/^(who|whom|whose)\b/.test(t)) return 'human being';
  if (/^where\b/.test(t)) return 'location';
  if (/^(how many|how much|how far|how old|how long|how tall|when|what year|what percentage)\b/.test(t))
    return 'numeric value';
  if (/^(why|how|describe|explain|define)\b/.test(t) || /\bmean\b/.test(t)) return 'description and abstract concept';
  return 'entity';
}
