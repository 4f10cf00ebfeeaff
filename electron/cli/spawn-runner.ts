// The runner moved to the services, where the app's collection watch uses it too.
export { spawnRunner } from '../services/process/spawn-runner.js';
