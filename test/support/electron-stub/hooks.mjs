// Module resolution hook: `electron` resolves to the stand-in in stub.mjs, everything
// else as usual. Registered by register.mjs (node --import).
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: new URL('./stub.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
