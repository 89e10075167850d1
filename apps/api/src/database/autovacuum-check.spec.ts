import { createTestDatabase } from '../testing/test-database';
import { warnIfAutovacuumOff } from './autovacuum-check';
import { openDatabase } from './database-bootstrap';

describe('warnIfAutovacuumOff', () => {
  it('warns at start exactly when the server runs without autovacuum, in words an operator can act on', async () => {
    const db = await createTestDatabase();
    const ds = await openDatabase(db.url, { migrate: false, poolSize: 1 });
    try {
      // Whichever server the tests run on (the machine's has it off, an embedded cluster on): the warning follows it.
      const [{ autovacuum }] = await ds.query(`SHOW autovacuum`);
      const warnings: string[] = [];
      const warned = await warnIfAutovacuumOff(ds, { warn: (m) => warnings.push(m) });
      expect(warned).toBe(autovacuum !== 'on');
      expect(warnings).toHaveLength(autovacuum === 'on' ? 0 : 1);
      for (const w of warnings) expect(w).toMatch(/autovacuum is off.*turn it on/);

      // And as a session that turns it off would see it (the setting is server-wide: faked through the query).
      const off = { query: async () => [{ setting: 'off' }] } as unknown as typeof ds;
      const on = { query: async () => [{ setting: 'on' }] } as unknown as typeof ds;
      const seen: string[] = [];
      expect(await warnIfAutovacuumOff(off, { warn: (m) => seen.push(m) })).toBe(true);
      expect(await warnIfAutovacuumOff(on, { warn: (m) => seen.push(m) })).toBe(false);
      expect(seen).toHaveLength(1);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
