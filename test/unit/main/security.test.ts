import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  checkExternalUrl,
  isAllowedExternal,
  isAllowedNavigation,
  permissionDecision,
  withCspHeader,
} from '../../../electron/main/window/security.js';

const PAGE = 'file:///opt/ticket-tray/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';
const COPR = ['copr.fedorainfracloud.org'];

describe('navigation (checklist item 13)', () => {
  it.each([PAGE, `${PAGE}#/troubleshoot`, `${PAGE}?notice=no-tray`])('allows the app page itself: %s', (url) => {
    expect(isAllowedNavigation(url, PAGE)).toBe(true);
  });

  it.each([
    'https://copr.fedorainfracloud.org/',
    'file:///etc/passwd',
    'file:///opt/ticket-tray/resources/app.asar/out/renderer/other.html',
    'file://evil.example/opt/ticket-tray/resources/app.asar/out/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url, PAGE)).toBe(false);
  });

  it('in development, allows the dev server origin only', () => {
    expect(isAllowedNavigation('http://localhost:5173/src/app.tsx', DEV)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', DEV)).toBe(false);
    expect(isAllowedNavigation('http://user:pw@localhost:5173/', DEV)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', DEV)).toBe(false);
  });
});

describe('openExternal allowlist (checklist item 15)', () => {
  it.each([
    'https://copr.fedorainfracloud.org/',
    'https://copr.fedorainfracloud.org/api',
    'https://COPR.fedorainfracloud.org/coprs/alice/',
    'https://accounts.fedoraproject.org/',
    'https://id.fedoraproject.org/login',
  ])('allows %s', (url) => {
    expect(isAllowedExternal(url, COPR)).toBe(true);
  });

  it.each([
    ['a look-alike host', 'https://copr.fedorainfracloud.org.evil.com/'],
    ['a look-alike with a trailing dot', 'https://copr.fedorainfracloud.org./'],
    ['the host only in the fragment', 'https://evil.com/#copr.fedorainfracloud.org'],
    ['the host only in the path', 'https://evil.com/copr.fedorainfracloud.org'],
    ['the host as user name', 'https://copr.fedorainfracloud.org@evil.com/'],
    ['credentials in the URL', 'https://user:pw@copr.fedorainfracloud.org/'],
    ['a user name alone', 'https://user@copr.fedorainfracloud.org/'],
    ['plain http', 'http://copr.fedorainfracloud.org/'],
    ['another port', 'https://copr.fedorainfracloud.org:8443/'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,hi'],
    ['a subdomain', 'https://evil.copr.fedorainfracloud.org/'],
    ['a parent domain', 'https://fedoraproject.org/'],
    ['a protocol-relative URL', '//copr.fedorainfracloud.org/'],
    ['an empty string', ''],
    ['an overlong URL', `https://copr.fedorainfracloud.org/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, url) => {
    expect(isAllowedExternal(url, COPR)).toBe(false);
  });

  it('allows a configured private instance, port included when it is not 443', () => {
    expect(isAllowedExternal('https://copr.example.org:8443/api', ['copr.example.org:8443'])).toBe(true);
    expect(isAllowedExternal('https://copr.example.org/api', ['copr.example.org:8443'])).toBe(false);
  });

  it('returns the normalised URL it will open (line breaks the URL parser strips cannot smuggle a host)', () => {
    expect(checkExternalUrl('https://copr.fedorainfracloud.org/a b', COPR)).toBe(
      'https://copr.fedorainfracloud.org/a%20b',
    );
    expect(checkExternalUrl('https://copr.fedorainfracloud.org\n.evil.com/', COPR)).toBeNull();
  });
});

describe('permissions and CSP (checklist items 5 and 7)', () => {
  it.each(['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'unknown'])(
    'denies %s',
    (permission) => {
      expect(permissionDecision(permission)).toBe(false);
    },
  );

  it('has a CSP that allows only the app itself and no network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('replaces any CSP a response carried, whatever its case, and keeps the other headers', () => {
    const headers = withCspHeader({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
