import { QueryFailedError, type DataSource } from 'typeorm';
import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database-bootstrap';
import { PreparedStatement } from './prepared-statement';

describe('PreparedStatement', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.url, { migrate: false, poolSize: 1 });
    await ds.query(`CREATE TABLE prepared_probe (n int PRIMARY KEY)`);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const insert = new PreparedStatement<{ n: number }>(`INSERT INTO prepared_probe (n) SELECT x FROM unnest($1::int[]) AS x RETURNING n`);

  it('is parsed once per connection and answers rows, on the pool', async () => {
    expect(await insert.run(ds, [[1, 2]])).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await insert.run(ds.manager, [[3]])).toEqual([{ n: 3 }]);
    // One pooled connection: the statement is prepared there, under one name, whatever the values.
    const prepared: { statement: string }[] = await ds.query(`SELECT statement FROM pg_prepared_statements`);
    expect(prepared.map((p) => p.statement)).toEqual([insert.text]);
  });

  it("runs on the transaction's own connection, so it commits or rolls back with it", async () => {
    await ds
      .transaction(async (tx) => {
        await insert.run(tx, [[10]]);
        expect(await tx.query(`SELECT n FROM prepared_probe WHERE n = 10`)).toEqual([{ n: 10 }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await ds.query(`SELECT n FROM prepared_probe WHERE n = 10`)).toEqual([]);
    await ds.transaction((tx) => insert.run(tx, [[11]]));
    expect(await ds.query(`SELECT n FROM prepared_probe WHERE n = 11`)).toEqual([{ n: 11 }]);
  });

  it("fails as TypeORM's queries do, with the database's error, and the connection stays usable", async () => {
    const failure = await insert.run(ds, [[1]]).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    expect(await insert.run(ds, [[20]])).toEqual([{ n: 20 }]);
  });
});
