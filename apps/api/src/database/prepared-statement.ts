import { createHash } from 'node:crypto';
import { EntityManager, type DataSource } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection rather than on every call (a
 * node-postgres named statement). For statements that every ingested event runs: one event at a
 * time, parsing and planning them was a good part of the database's CPU. After five runs PostgreSQL
 * may keep one generic plan for all later ones, so only for statements whose plan depends neither on
 * their values (a `LIMIT $1` would not qualify) nor on the size of a table that swings within seconds
 * (the intake's claim: a plan made while the intake was nearly empty scans it whole under a backlog),
 * and which take their row locks in an order of their own (ORDER BY … FOR NO KEY UPDATE), not in
 * whatever order the plan meets the rows.
 *
 * Runs through TypeORM's query runner, as `query()` does (logging, QueryFailedError), on the
 * transaction's connection when given a transaction's manager.
 */
export class PreparedStatement<Row = Record<string, unknown>> {
  private readonly name: string;

  constructor(readonly text: string) {
    this.name = `bab_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  }

  async run(on: DataSource | EntityManager, params: unknown[]): Promise<Row[]> {
    const tx = on instanceof EntityManager ? on.queryRunner : undefined;
    const runner = tx && !tx.isReleased ? tx : (on instanceof EntityManager ? on.connection : on).createQueryRunner();
    try {
      // node-postgres takes a query config where TypeORM passes the SQL; logs read it as its text.
      const text = this.text;
      const config = { name: this.name, text, toString: () => text };
      return (await runner.query(config as unknown as string, params)) as Row[];
    } finally {
      if (runner !== tx) await runner.release();
    }
  }
}
