/**
 * One hop read the way a regex-only solver reads: the first sentence that names the subject next to a cue word,
 * and the first name-shaped (or year-shaped) phrase in it. Former employers, branch offices and the cathedral's
 * founding fool it. Used by the regex shortcut and by the oracle's no-sub-call ablation (shipped into the sandbox
 * with `toString()`, hence self-contained).
 */
export function naiveHop(texts: string[], relation: string, subject: string): string | null {
  const cues: Record<string, RegExp> = {
    employer: /\b(works?|worked|employ\w*|job|payroll|salary|position)\b/,
    maker: /\b(manufactur\w*|made|makes|builds?|built|product|assembly)\b/,
    hq: /\b(headquarter\w*|head office|based)\b/,
    founded: /\b(found\w*|establish\w*)\b/,
    mayor: /\bmayor\b/,
  };
  const cue = cues[relation];
  if (!cue) return null;
  for (const text of texts) {
    for (const sentence of text.split(/(?<=\.)\s+|\n+/)) {
      if (!sentence.includes(subject) || !cue.test(sentence)) continue;
      const rest = sentence.split(subject).join(' ');
      let match: RegExpExecArray | null;
      if (relation === 'founded') match = /\b(1\d{3})\b/.exec(rest);
      else if (relation === 'hq') match = /\b(?:in|to)\s+([A-Z][a-z]+)\b/.exec(rest);
      else if (relation === 'mayor') match = /([A-Z][a-z]+ [A-Z][a-z]+)/.exec(rest);
      else match = /\b(?:at|by|from|of)\s+([A-Z][a-z]+ [A-Z][a-z]+)/.exec(rest);
      if (match?.[1]) return match[1];
    }
  }
  return null;
}
