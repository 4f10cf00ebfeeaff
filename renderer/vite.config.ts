/**
 * Builds the renderer on its own (`npx vite build --config renderer/vite.config.ts`) into
 * out/renderer, with relative asset URLs so the page also loads from file:// or a custom protocol.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Plugin, defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server needs what the production CSP forbids: React Refresh's inline preamble, injected
 * `<style>` tags and the HMR websocket. Relax the meta tag only when serving (docs/decisions.md,
 * "The desktop app").
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'ticket-tray:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'none'", "connect-src 'self' ws: http://localhost:*"),
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
  },
});
