import pg from 'pg';

export default async function globalTeardown() {
  const url = process.env.BABILLARD_TEST_SERVER_URL;
  const run = process.env.BABILLARD_TEST_RUN;
  const embedded = globalThis.__BABILLARD_EMBEDDED_PG__;
  if (embedded) {
    await embedded.stop();
    return;
  }
  if (!url || !run) return;
  // An external server: drop what this run created.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`bab_%_${run}%`]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
