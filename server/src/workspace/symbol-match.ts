// Ranks names against a workspace-symbol query: exact, prefix, substring, then letters in order, ignoring case.

/** Lower is better; undefined when the name does not match at all. An empty query matches everything equally. */
export function matchScore(query: string, name: string): number | undefined {
  if (query.length === 0) return 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  let at = 0;
  for (const c of q) {
    at = n.indexOf(c, at) + 1;
    if (at === 0) return undefined;
  }
  return 3;
}

/**
 * The matching items, best first (then by first name and the given order), at most `limit` of them. An item matches
 * through the best of its names (a method by `Start` and by `Driver::Start`).
 */
export function rankByQuery<T>(items: readonly T[], options: { query: string; namesOf: (item: T) => readonly string[]; limit: number }): T[] {
  const scored: { item: T; score: number; name: string; order: number }[] = [];
  items.forEach((item, order) => {
    const names = options.namesOf(item);
    const scores = names.map((n) => matchScore(options.query, n)).filter((s): s is number => s !== undefined);
    if (scores.length > 0) scored.push({ item, score: Math.min(...scores), name: names[0] ?? '', order });
  });
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.order - b.order);
  return scored.slice(0, Math.max(0, options.limit)).map((s) => s.item);
}
