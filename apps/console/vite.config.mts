import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { bundleBudget } from './scripts/bundle-budget.mjs';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.BABILLARD_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  plugins: [react(), bundleBudget({ maxGzipKb: Number(process.env.BUNDLE_BUDGET_KB ?? 250) })],
  resolve: {
    alias: { '@babillard/contracts': here('../../libs/contracts/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The server sends a CSP without inline scripts: keep Vite from inlining its module preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/health': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
