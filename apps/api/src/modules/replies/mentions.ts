export interface Colleague {
  id: string;
  name: string;
  email: string;
}

const MENTION = /(?:^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

/**
 * Colleagues an `@token` in a note designates: the e-mail's local part (`@marie.tremblay`), the full
 * name without spaces (`@MarieTremblay`) or the first name when only one colleague has it (`@Marie`).
 * Accents and case do not matter.
 */
export function resolveMentions(text: string, colleagues: Colleague[]): Colleague[] {
  const tokens = [...text.matchAll(MENTION)].map((m) => fold(m[1].replace(/[._-]+$/, '')));
  const found = new Map<string, Colleague>();
  for (const token of tokens) {
    const exact = colleagues.filter((c) => fold(c.email.split('@')[0]) === token || fold(c.name.replace(/\s+/g, '')) === token);
    const byFirstName = colleagues.filter((c) => fold(c.name.split(/\s+/)[0] ?? '') === token);
    const match = exact.length > 0 ? exact : byFirstName.length === 1 ? byFirstName : [];
    for (const c of match) found.set(c.id, c);
  }
  return [...found.values()];
}
