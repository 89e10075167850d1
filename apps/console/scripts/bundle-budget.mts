import { gzipSync } from 'node:zlib';
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/**
 * Measures what the browser must download before the console is interactive: the entry chunk,
 * every chunk it imports statically (transitively) and their CSS, gzipped. Fails the build above
 * the budget so a heavy dependency cannot slip in unnoticed.
 */
export function bundleBudget(opts: { maxGzipKb: number }): Plugin {
  return {
    name: 'babillard-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const { files, bytes } = firstLoad(bundle);
      const kb = bytes / 1024;
      const line = `first-load JS+CSS: ${kb.toFixed(1)} KB gzipped (${files.length} files, budget ${opts.maxGzipKb} KB)`;
      console.log(`\n[bundle-budget] ${line}`);
      for (const f of files) console.log(`[bundle-budget]   ${f.name}  ${(f.bytes / 1024).toFixed(1)} KB`);
      if (kb > opts.maxGzipKb) this.error(`[bundle-budget] over budget: ${line}`);
    },
  };
}

export function firstLoad(bundle: OutputBundle): { files: { name: string; bytes: number }[]; bytes: number } {
  const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (c: OutputChunk) => {
    if (seen.has(c.fileName)) return;
    seen.add(c.fileName);
    const meta = (c as OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata;
    meta?.importedCss.forEach((f) => css.add(f));
    c.imports.forEach((name) => {
      const next = byName.get(name);
      if (next) visit(next);
    });
  };
  chunks.filter((c) => c.isEntry).forEach(visit);
  const files: { name: string; bytes: number }[] = [];
  for (const name of [...seen, ...css]) {
    const out = bundle[name];
    if (!out) continue;
    const source = out.type === 'chunk' ? out.code : out.source;
    files.push({ name, bytes: gzipSync(typeof source === 'string' ? Buffer.from(source) : Buffer.from(source), { level: 9 }).length });
  }
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0) };
}
