import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // klist prints local times; fixing the zone makes the recorded fixtures parse the same everywhere.
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          // The Copr stand-in's host names resolve to 127.0.0.1 at the resolver (dns.lookup), as
          // /etc/hosts would do it; the product has no test-only branch for them.
          env: { TEST_HOSTS: JSON.stringify({ 'copr.fedorainfracloud.test': '127.0.0.1', 'other.example.test': '127.0.0.1' }) },
          setupFiles: ['test/support/map-hosts.mjs'],
          // Real KDCs, real kinit: a test may wait for a ticket to expire or for a timeout to fire.
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
