import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// The desktop app's bundle: an ESM main (the native kerberos addon stays external, loaded from
// app.asar.unpacked), a CommonJS preload (sandboxed preloads cannot use ESM imports), and the
// renderer. https://electron-vite.org/guide/
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/main.ts') }, external: ['kerberos'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve('electron/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // electron-vite leaves the renderer unminified; minified, its JavaScript is 83 KiB gzipped instead of 133.
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
});
