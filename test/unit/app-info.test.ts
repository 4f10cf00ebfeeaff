import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_NAME, APP_VERSION } from '../../shared/app-info.js';

describe('app info', () => {
  it('matches package.json (the User-Agent and reports quote it)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect([APP_NAME, APP_VERSION]).toEqual([pkg.name, pkg.version]);
  });
});
