import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** The SQL of every statement TypeORM sends while `fn` runs (whitespace collapsed), in order. */
export async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
    sent.push(String(args[0]).replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    PostgresQueryRunner.prototype.query = original;
  }
  return sent;
}
