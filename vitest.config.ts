import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Settings for every project that runs real parts (KDC, Copr stand-in, Chromium): the stand-in's
 * host names resolve to 127.0.0.1 at the resolver (dns.lookup), as /etc/hosts would do it; the
 * product has no test-only branch for them.
 */
const realParts = (name: string, include: string[], timeoutMs: number, globalSetup: string[] = []) => ({
  test: {
    name,
    globalSetup,
    environment: 'node' as const,
    include,
    env: {
      TEST_HOSTS: JSON.stringify({ 'copr.fedorainfracloud.test': '127.0.0.1', 'other.example.test': '127.0.0.1' }),
    },
    setupFiles: ['test/support/map-hosts.mjs'],
    // Real KDCs, real kinit: a test may wait for a ticket to expire or for a timeout to fire.
    testTimeout: timeoutMs,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    // klist prints local times; fixing the zone makes the recorded fixtures parse the same everywhere.
    env: { TZ: 'UTC' },
    projects: [
      { test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'] } },
      {
        plugins: [react()],
        test: { name: 'renderer', environment: 'jsdom', include: ['test/renderer/**/*.test.{ts,tsx}'] },
      },
      realParts('integration', ['test/integration/**/*.test.ts'], 60_000),
      // One renderer build per run, shared by the end-to-end files.
      realParts('e2e', ['test/e2e/**/*.test.ts'], 90_000, ['test/e2e/global-setup.ts']),
      realParts('hardening', ['test/hardening/**/*.test.ts'], 120_000),
      realParts('packaging', ['test/packaging/**/*.test.ts'], 120_000),
    ],
  },
});
