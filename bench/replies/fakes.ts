/**
 * The fake platforms for bench/replies/run.ts, in their own process so that serving 500 platform
 * calls a second does not compete with the load generator's event loop. Speaks over IPC.
 */
import { FakeGraphApi, FakeXApi } from '../../apps/api/src/testing/fake-platforms';

async function main() {
  const tokens = JSON.parse(process.env.BENCH_FAKE_TOKENS ?? '{}') as { graph: [string, string][]; x: [string, string][] };
  const graph = await new FakeGraphApi(new Map(tokens.graph)).start();
  const x = await new FakeXApi(new Map(tokens.x)).start();
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'count') process.send!({ type: 'count', posts: graph.posts().length + x.posts().length });
    if (msg.type === 'stop') void Promise.all([graph.stop(), x.stop()]).then(() => process.exit(0));
  });
  process.send!({ type: 'ready', graphUrl: graph.graphUrl, xUrl: x.url });
}

void main();
