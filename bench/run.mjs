#!/usr/bin/env node
// `npm run bench` → `node bench/run.mjs`.
//
// The benchmarks are TypeScript and reuse the test harness (test/support/*.ts), which tsc does not
// emit as JavaScript. Vite (a devDependency) runs them from source with its module runner, set up
// as Vite's own `runnerImport` does for config files: the project's own .ts files are transformed
// in memory (TS stripped, `.js` specifiers resolved to the `.ts` files, `import.meta.url` kept
// pointing at the source file, which copr/stand-in.ts needs to fork its server), while packages
// (execa, kerberos, playwright-core, vite) load natively from node_modules. No bundle, no build
// step, no network. Unlike `runnerImport`, the runner stays open until the run ends: the code
// under test loads some modules only when first used (the process runner's execa, say), and a
// closed runner fails those imports.
import { createRunnableDevEnvironment, resolveConfig } from 'vite';

// Resolving a `serve` config sets NODE_ENV=development in this process when it was unset; left so,
// the renderer build below would bundle React's development build. Restore it.
const nodeEnv = process.env.NODE_ENV;
const config = await resolveConfig(
  {
    configFile: false,
    envDir: false,
    cacheDir: process.cwd(),
    logLevel: 'warn',
    environments: {
      bench: {
        consumer: 'server',
        dev: { moduleRunnerTransform: true },
        resolve: { external: true, mainFields: [], conditions: ['node'] },
      },
    },
  },
  'serve',
);
if (nodeEnv === undefined) delete process.env.NODE_ENV;
else process.env.NODE_ENV = nodeEnv;
const environment = createRunnableDevEnvironment('bench', config, {
  runnerOptions: { hmr: { logger: false } },
  hot: false,
});
await environment.init();
let code = 1;
try {
  const module = await environment.runner.import(new URL('./main.ts', import.meta.url).pathname);
  code = await module.main();
} finally {
  await environment.close();
}
// Stray handles (a watcher's unref'd timer, a child's pipe) must not keep a finished run alive.
process.exit(code);
