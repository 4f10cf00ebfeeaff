// Test-only resolver override (docs/test-realm.md, "Host names"): makes unmapped test host names
// such as copr.fedorainfracloud.test resolve to loopback without touching /etc/hosts and without a
// test-only branch in the product.
//
//   node --import=/abs/path/test/support/map-hosts.mjs …
//   NODE_OPTIONS=--import=/abs/path/test/support/map-hosts.mjs …   (see nodeEnvWithTestHosts)
//   in-process: set process.env.TEST_HOSTS, then import this module (or list it in setupFiles)
//
// TEST_HOSTS is a JSON object `{ "<name>": "<address>" }`; those names (case-insensitive, a trailing
// dot ignored) resolve to the given address, every other name resolves normally. TEST_HOSTS is read
// on every lookup, so it may be set or changed after this module was loaded; unset or invalid means
// "map nothing". Wraps dns.lookup (used by net/tls/http/https and fetch) and dns.promises.lookup.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

const INSTALLED = Symbol.for('ticket-tray.test.map-hosts');

if (!dns[INSTALLED]) {
  dns[INSTALLED] = true;

  let cachedText;
  let cachedMap = new Map();
  /** The mapping from TEST_HOSTS, parsed again only when the variable changes. */
  const hosts = () => {
    const text = process.env.TEST_HOSTS ?? '';
    if (text !== cachedText) {
      cachedText = text;
      cachedMap = new Map();
      try {
        const parsed = text ? JSON.parse(text) : {};
        for (const [name, address] of Object.entries(parsed)) {
          if (typeof address === 'string') cachedMap.set(name.toLowerCase().replace(/\.$/, ''), address);
        }
      } catch {
        // invalid JSON: map nothing rather than break every lookup
      }
    }
    return cachedMap;
  };

  /** `{ address, family }` for a mapped name, `undefined` for others; an Error if the family excludes it. */
  const resolveMapped = (hostname, options) => {
    if (typeof hostname !== 'string') return undefined;
    const address = hosts().get(hostname.toLowerCase().replace(/\.$/, ''));
    if (address === undefined) return undefined;
    const family = address.includes(':') ? 6 : 4;
    const wanted = typeof options === 'number' ? options : Number(options?.family ?? 0);
    if (wanted === 4 || wanted === 6) {
      if (wanted !== family) {
        const error = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        Object.assign(error, { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
        return error;
      }
    }
    return { address, family };
  };

  const wantsAll = (options) => typeof options === 'object' && options !== null && options.all === true;

  const originalLookup = dns.lookup;
  dns.lookup = function lookup(hostname, options, callback) {
    if (typeof options === 'function') [callback, options] = [options, undefined];
    const mapped = resolveMapped(hostname, options);
    if (mapped === undefined) {
      return options === undefined
        ? originalLookup.call(this, hostname, callback)
        : originalLookup.call(this, hostname, options, callback);
    }
    if (mapped instanceof Error) return void process.nextTick(callback, mapped);
    if (wantsAll(options)) process.nextTick(callback, null, [mapped]);
    else process.nextTick(callback, null, mapped.address, mapped.family);
    return undefined;
  };

  const originalPromiseLookup = dns.promises.lookup;
  dns.promises.lookup = async function lookup(hostname, options) {
    const mapped = resolveMapped(hostname, options);
    if (mapped === undefined) return originalPromiseLookup.call(this, hostname, options);
    if (mapped instanceof Error) throw mapped;
    return wantsAll(options) ? [mapped] : mapped;
  };

  // `import { lookup } from 'node:dns'` binds to the ESM facade: update it too.
  syncBuiltinESMExports();
}
