import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build:web` builds the pages into web/dist, which `twoway serve` serves; `npm run dev:web` proxies the
// API to a running `twoway serve` on port 4280.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:4280' } },
});
