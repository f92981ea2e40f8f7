import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import relay from 'vite-plugin-relay';

const api = process.env.INKWELL_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  // vite-plugin-relay runs babel-plugin-relay on files with graphql`` tags; the plugin finds the
  // root relay.config.js, whose paths are absolute, so it works from client/ as well.
  plugins: [react(), relay],
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/graphql': api,
      '/health': api,
      '/feed.xml': api,
      '/sitemap.xml': api,
      '/robots.txt': api,
    },
  },
  // The budget that matters is the feed route's gzipped initial JS (scripts/budget.mjs), not
  // Rollup's raw-size warning, which React + Relay in one vendor chunk always trips.
  build: { outDir: 'dist', sourcemap: true, manifest: true, chunkSizeWarningLimit: 600 },
});
