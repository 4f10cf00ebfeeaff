/** The remembered principals in the settings: checked like every setting, bounded, never a password. */
import { describe, expect, it } from 'vitest';
import { guardArgs } from '../../../electron/main/ipc/guards.js';
import { settingsFromJson, validateSettingsPatch } from '../../../electron/main/settings/rules.js';
import { REMEMBERED_LOGINS_LIMIT, forgetLogin, rememberLogin } from '../../../shared/remembered-logins.js';
import { DEFAULT_SETTINGS } from '../../../shared/settings.js';

const entry = (n: number) => ({ principal: `user${n}@EXAMPLE.COM`, options: { lifetime: '1d' } });

describe('remembering logins', () => {
  it('puts the newest first, once, and keeps only the most recent', () => {
    let list = rememberLogin([], 'alice@EXAMPLE.COM', { lifetime: '1d' });
    list = rememberLogin(list, 'bob@EXAMPLE.COM', {});
    list = rememberLogin(list, 'alice@EXAMPLE.COM', { forwardable: false });
    expect(list).toEqual([
      { principal: 'alice@EXAMPLE.COM', options: { forwardable: false } },
      { principal: 'bob@EXAMPLE.COM', options: {} },
    ]);
    for (let n = 0; n < 30; n++) list = rememberLogin(list, `user${n}@EXAMPLE.COM`, {});
    expect(list).toHaveLength(REMEMBERED_LOGINS_LIMIT);
    expect(list[0]!.principal).toBe('user29@EXAMPLE.COM');
    expect(forgetLogin(list, 'user29@EXAMPLE.COM')[0]!.principal).toBe('user28@EXAMPLE.COM');
  });
});

describe('the settings rules for remembered logins', () => {
  it('default to none', () => {
    expect(DEFAULT_SETTINGS.rememberedLogins).toEqual([]);
  });

  it('accept valid entries and normalise their options', () => {
    const patch = validateSettingsPatch({
      rememberedLogins: [{ principal: 'alice@EXAMPLE.COM', options: { lifetime: ' 10H', forwardable: true } }],
    });
    expect(patch).toEqual({
      ok: true,
      value: {
        rememberedLogins: [{ principal: 'alice@EXAMPLE.COM', options: { lifetime: '10h', forwardable: true } }],
      },
    });
  });

  it.each([
    ['not a list', { principal: 'alice@EXAMPLE.COM' }],
    ['a bad principal', [{ principal: '-alice', options: {} }]],
    ['a bad duration', [{ principal: 'alice@EXAMPLE.COM', options: { lifetime: '1h; rm -rf' } }]],
    ['a password beside the name', [{ principal: 'alice@EXAMPLE.COM', options: {}, password: 'x' }]],
    ['an unknown option', [{ principal: 'alice@EXAMPLE.COM', options: { password: 'x' } }]],
    ['a forwardable that is text', [{ principal: 'alice@EXAMPLE.COM', options: { forwardable: 'yes' } }]],
  ])('refuse %s', (_, value) => {
    expect(validateSettingsPatch({ rememberedLogins: value }).ok).toBe(false);
  });

  it('clamp a hand-edited file to the newest entries, once per principal, and fall back on a broken one', () => {
    const many = [entry(0), entry(0), ...Array.from({ length: 30 }, (_, n) => entry(n + 1))];
    const { settings, problems } = settingsFromJson({ rememberedLogins: many });
    expect(problems).toEqual([]);
    expect(settings.rememberedLogins).toHaveLength(REMEMBERED_LOGINS_LIMIT);
    expect(settings.rememberedLogins[0]).toEqual(entry(0));
    expect(settings.rememberedLogins[1]).toEqual(entry(1));
    const broken = settingsFromJson({ rememberedLogins: [{ principal: 'a b', options: {} }] });
    expect(broken.settings.rememberedLogins).toEqual([]);
    expect(broken.problems).toHaveLength(1);
  });
});

describe('the login guard checks the options again', () => {
  const request = (options: unknown) => [{ principal: 'alice@EXAMPLE.COM', password: 'pw', options }];

  it('passes valid options on, normalised', () => {
    const checked = guardArgs('login', request({ lifetime: '1D', renewableLifetime: '7d', forwardable: false }));
    expect(checked.ok && checked.value[0].options).toEqual({
      lifetime: '1d',
      renewableLifetime: '7d',
      forwardable: false,
    });
  });

  it.each([
    [{ lifetime: '1h -f' }],
    [{ lifetime: 36000 }],
    [{ renewableLifetime: 'x'.repeat(100) }],
    [{ forwardable: 'true' }],
    [{ lifetime: '1h', extra: 1 }],
    ['10h'],
  ])('refuses %j without echoing it', (options) => {
    const checked = guardArgs('login', request(options));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(JSON.stringify(checked.error)).not.toContain('-f');
  });
});
