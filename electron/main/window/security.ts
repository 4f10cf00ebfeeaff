/**
 * The decisions behind the window's security handlers, as pure predicates so every tricky URL is a
 * unit test (Electron security checklist items 5, 7, 13, 14 and 15:
 * https://www.electronjs.org/docs/latest/tutorial/security). `window.ts` only wires them up.
 */

/** Fedora's account pages, which failures point users to (password change, OTP enrolment). */
export const FEDORA_ACCOUNT_HOSTS = ['accounts.fedoraproject.org', 'id.fedoraproject.org'] as const;

/** Longer URLs are refused outright; no page the app links to comes close. */
export const MAX_URL_LENGTH = 2048;

/**
 * The renderer's Content-Security-Policy, sent as a response header. The renderer never talks to
 * the network itself (the Copr check runs in main), hence `connect-src 'none'`.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether the window may navigate to `url`: only to the app's own page (a reload). `appPage` is
 * the URL the window loaded: for a `file:` page the same file, for the development server the same
 * origin. Everything else (other sites, other local files, `javascript:`, `data:`) is refused.
 */
export function isAllowedNavigation(url: string, appPage: string): boolean {
  const target = parse(url);
  const app = parse(appPage);
  if (!target || !app || target.protocol !== app.protocol) return false;
  if (target.username || target.password) return false;
  if (app.protocol === 'file:') return target.host === app.host && target.pathname === app.pathname;
  if (app.protocol === 'http:' || app.protocol === 'https:') return target.origin === app.origin;
  return false;
}

/**
 * The URL to hand to `shell.openExternal`, normalised, or null when it is not allowed: only
 * `https:`, no user name or password in it, and a host (with its port, unless 443) that is one of
 * the configured Copr hosts (`netloc`) or Fedora's account pages, compared exactly (so
 * `copr.fedorainfracloud.org.evil.com` and `evil.com#copr.fedorainfracloud.org` are refused).
 */
export function checkExternalUrl(url: string, coprHosts: readonly string[]): string | null {
  const target = parse(url);
  if (!target || target.protocol !== 'https:') return null;
  if (target.username || target.password) return null;
  const allowed = new Set([...coprHosts, ...FEDORA_ACCOUNT_HOSTS].map((h) => h.toLowerCase()));
  // `host` carries the port only when it is not 443, so a port must be configured to be allowed.
  return allowed.has(target.host) ? target.href : null;
}

/** Whether `url` may be opened in the user's browser (see {@link checkExternalUrl}). */
export function isAllowedExternal(url: string, coprHosts: readonly string[]): boolean {
  return checkExternalUrl(url, coprHosts) !== null;
}

/**
 * The answer to every permission request and check (camera, notifications, clipboard, …): no. The
 * window shows tickets; it needs no browser permission, and main shows the notifications.
 */
export function permissionDecision(_permission: string): false {
  return false;
}

/** Adds the CSP to a response's headers, replacing any the response carried (whatever its case). */
export function withCspHeader(
  headers: Readonly<Record<string, string | string[]>> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
