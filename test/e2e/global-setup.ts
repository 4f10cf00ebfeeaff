/**
 * Builds the renderer once for the whole e2e project (vitest `globalSetup`), instead of once per
 * test file, and hands its directory to the test files (`inject('e2eRendererDir')` in harness.ts).
 * Without it, each file builds its own (about 1 s each).
 */
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildRenderer } from '../support/bridge.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The renderer built for this run, in a temporary directory. */
    e2eRendererDir?: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await buildRenderer();
  project.provide('e2eRendererDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
