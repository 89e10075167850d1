import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Realistic platform payloads kept in the repository (test/fixtures/platforms), read-only. */
export const FIXTURES_DIR = process.env.BABILLARD_FIXTURES_DIR ?? resolve(__dirname, '../../../../test/fixtures/platforms');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8');
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
