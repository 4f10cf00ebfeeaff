// A child process that edits a file through the built product (out/tsc; run `npx tsc --build`
// first), for the fault tests that must kill the editing process or change the file while it edits.
//
//   node child.mjs '<json>'   with json = { op, path, ... }:
//     { op: 'copr-toggle', path }           forever: load the Copr config and flip `gssapi` (True ↔ False);
//                                           prints "ready" once, then one "." per finished edit
//     { op: 'copr-edit', path, edits }      load, print "loaded", edit once, print the Result as JSON
//     { op: 'pin', path, principal, host }  pinForHost once, print the Result as JSON
//     { op: 'unpin', path, host }           unpinHost once, print the Result as JSON
//
// With `--import=fs-hook.mjs` and FAULT_PAUSE/FAULT_TARGET set, it pauses at that point.
import { fileURLToPath } from 'node:url';

const built = (name) => fileURLToPath(new URL(`../../../out/tsc/electron/services/${name}`, import.meta.url));
const { editCoprConfig, loadCoprConfig } = await import(built('copr/config.js'));
const { pinForHost, unpinHost } = await import(built('kerberos/k5identity.js'));

const job = JSON.parse(process.argv[2] ?? '{}');
const say = (text) => new Promise((resolve) => process.stdout.write(text, () => resolve()));

async function load(path) {
  const loaded = await loadCoprConfig(path, true);
  if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
  return loaded.value;
}

switch (job.op) {
  case 'copr-toggle': {
    await say('ready\n');
    for (;;) {
      const loaded = await load(job.path);
      const result = await editCoprConfig(loaded, { gssapi: !loaded.summary.gssapi });
      if (!result.ok) throw new Error(`edit failed: ${JSON.stringify(result.error)}`);
      process.stdout.write('.');
    }
  }
  case 'copr-edit': {
    const loaded = await load(job.path);
    await say('loaded\n');
    await say(`${JSON.stringify(await editCoprConfig(loaded, job.edits))}\n`);
    break;
  }
  case 'pin':
    await say(`${JSON.stringify(await pinForHost(job.path, job.principal, job.host))}\n`);
    break;
  case 'unpin':
    await say(`${JSON.stringify(await unpinHost(job.path, job.host))}\n`);
    break;
  default:
    throw new Error(`unknown op ${job.op}`);
}
process.exit(0);
