#!/usr/bin/env node
// `npm run bench` → `node bench/run.mjs`.
//
// The benchmarks are TypeScript and reuse the test harness (test/support/*.ts), which tsc does not
// emit as JavaScript. Vite (a devDependency) runs them from source with its module runner, the way
// it loads config files: the project's own .ts files are transformed in memory (TS stripped,
// `.js` specifiers resolved to the `.ts` files, `import.meta.url` kept pointing at the source
// file, which copr/stand-in.ts needs to fork its server), while packages (execa, kerberos,
// playwright-core, vite) load natively from node_modules. No bundle, no build step, no network.
import { runnerImport } from 'vite';

// The runner resolves a `serve` config, which sets NODE_ENV=development in this process when it
// was unset; left so, the renderer build below would bundle React's development build. Restore it.
const nodeEnv = process.env.NODE_ENV;
const { module } = await runnerImport(new URL('./main.ts', import.meta.url).pathname);
if (nodeEnv === undefined) delete process.env.NODE_ENV;
else process.env.NODE_ENV = nodeEnv;
const code = await module.main();
// Stray handles (a watcher's unref'd timer, a child's pipe) must not keep a finished run alive.
process.exit(code);
