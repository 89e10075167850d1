import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** A statement name derived from its text: the same text always gets the same name, two texts never share one. */
function statementName(prefix: string, text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of the reply path as a named prepared statement: PostgreSQL parses it once per
 * connection and, after a few executions, reuses its plan, instead of parsing and planning the same
 * joins and CTEs for every reply (the larger part of their cost). On `m`'s transaction when it has
 * one, otherwise on a pooled connection. Returns the rows, whatever the statement kind.
 */
export async function preparedQuery<T = Record<string, unknown>>(m: EntityManager, prefix: string, text: string, values: unknown[]): Promise<T[]> {
  const config = { name: statementName(prefix, text), text, values };
  const runner = m.queryRunner;
  if (runner && !runner.isReleased && runner.isTransactionActive) {
    const client = (await runner.connect()) as PgClient;
    return (await client.query(config)).rows as T[];
  }
  const pool = (m.connection.driver as PostgresDriver).master as PgClient;
  return (await pool.query(config)).rows as T[];
}
