import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en.json';
import fr from './fr.json';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const base = (keys: Iterable<string>) => new Set([...keys].map((k) => k.replace(PLURAL, '')));
const enKeys = flatten(en as Tree);
const frKeys = flatten(fr as Tree);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(f) && !/\.spec\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('translations', () => {
  it('has every English key in French and every French key in English', () => {
    const enBase = base(enKeys.keys());
    const frBase = base(frKeys.keys());
    expect([...enBase].filter((k) => !frBase.has(k))).toEqual([]);
    expect([...frBase].filter((k) => !enBase.has(k))).toEqual([]);
  });

  it('gives plural keys their one and other forms in both languages', () => {
    for (const keys of [enKeys, frKeys]) {
      const plurals = [...keys.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ''));
      for (const p of plurals) {
        expect(keys.has(`${p}_one`)).toBe(true);
        expect(keys.has(`${p}_other`)).toBe(true);
      }
    }
  });

  it('keeps the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of enKeys) {
      const other = frKeys.get(k) ?? frKeys.get(k.replace(/_other$/, '_many'));
      if (other !== undefined && !PLURAL.test(k)) expect([k, vars(other)]).toEqual([k, vars(v)]);
    }
  });

  it('defines every literal key the source code uses', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '..'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
      for (const m of readFileSync(file, 'utf8').matchAll(/textKey: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const enBase = base(enKeys.keys());
    expect([...used].filter((k) => !enBase.has(k))).toEqual([]);
  });

  it('translates every enum the interface shows', () => {
    const groups: Record<string, string[]> = {
      status: ['open', 'pending', 'snoozed', 'resolved'],
      priority: ['low', 'normal', 'high', 'urgent'],
      kind: ['comment', 'dm', 'mention'],
      platform: ['facebook', 'instagram', 'whatsapp', 'x', 'api'],
      views: ['mine', 'unassigned', 'my_teams', 'all', 'crisis'],
      delivery: ['pending', 'sent', 'delivered', 'read', 'failed'],
      availability: ['available', 'busy', 'away'],
      roles: ['agent', 'lead', 'admin'],
      notifications: ['assignment', 'mention', 'crisis', 'rule'],
      connection: ['connecting', 'online', 'offline'],
      leads: ['workload', 'rules', 'sla'],
      'softLock': ['replying', 'assigned', 'changed'],
      'shortcuts.keys': ['j', 'k', 'x', 'r', 'n', 'e', 'a', 'search', 'help', 'send'],
      presence: ['online', 'away', 'offline'],
    };
    for (const [group, values] of Object.entries(groups)) {
      for (const v of values) {
        expect([`${group}.${v}`, base(enKeys.keys()).has(`${group}.${v}`)]).toEqual([`${group}.${v}`, true]);
        expect([`${group}.${v}`, base(frKeys.keys()).has(`${group}.${v}`)]).toEqual([`${group}.${v}`, true]);
      }
    }
  });

  it('is really translated: French strings differ from English beyond names and brands', () => {
    // Words that are the same in both languages.
    const cognates = new Set(['inbox.countLabel_one', 'inbox.countLabel_other', 'inbox.listLabel', 'composer.remaining']);
    const same = [...enKeys].filter(([k, v]) => frKeys.get(k) === v && v.length > 12 && !cognates.has(k));
    expect(same).toEqual([]);
  });
});
