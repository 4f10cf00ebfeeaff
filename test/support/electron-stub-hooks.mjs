// Module resolution hook: `electron` resolves to the stand-in in electron-stub.mjs, everything
// else as usual. Registered by register-electron-stub.mjs (node --import).
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: new URL('./electron-stub.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
