import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Where `vite` (the dev server) forwards API calls: a core started with `npm run serve`. */
const DEV_CORE = 'http://127.0.0.1:7870';

// Vite loads its config through the default export.
export default defineConfig({
  root: fromRoot('./src/renderer'),
  base: '/-/ui/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: fromRoot('./dist/renderer'),
    emptyOutDir: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/health': DEV_CORE, '/-/api': DEV_CORE },
  },
});
