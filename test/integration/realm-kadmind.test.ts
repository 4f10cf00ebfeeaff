import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealm, USERS, type TestRealm } from '../support/realm/realm.js';

describe('the test realm with kadmind', () => {
  let realm: TestRealm;
  beforeAll(async () => {
    realm = await startRealm({ kadmind: true });
  });
  afterAll(() => realm?.stop());

  it('kpasswd changes a password through it', async () => {
    const env = realm.env();
    const input = `${USERS.dave.password}\nDave-New-pw-2\nDave-New-pw-2\n`;
    const result = await execa('kpasswd', [USERS.dave.work], { env, extendEnv: false, input, reject: false });
    console.log(result.stdout, result.stderr, result.exitCode);
    expect(result.exitCode).toBe(0);
  });
});
