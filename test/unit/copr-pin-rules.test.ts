import { describe, expect, it } from 'vitest';
import { FEDORA_COPR_HOST, pinProblem, serviceRealm } from '../../electron/services/copr/pin-rules.js';

const STAGING = 'copr.stg.example.org';

describe('serviceRealm: where a Copr host logs people in', () => {
  it("krb5.conf's mapping first, then Fedora's Copr, then a ticket that works, else Fedora's realm", () => {
    expect(serviceRealm({ host: FEDORA_COPR_HOST, mappedRealm: 'CORP.EXAMPLE', workingRealm: null })).toEqual({
      realm: 'CORP.EXAMPLE',
      source: 'krb5.conf',
    });
    expect(serviceRealm({ host: FEDORA_COPR_HOST, mappedRealm: null, workingRealm: 'EXAMPLE.COM' })).toEqual({
      realm: 'FEDORAPROJECT.ORG',
      source: 'fedora',
    });
    expect(serviceRealm({ host: STAGING, mappedRealm: null, workingRealm: 'EXAMPLE.COM' })).toEqual({
      realm: 'EXAMPLE.COM',
      source: 'working-ticket',
    });
    expect(serviceRealm({ host: STAGING, mappedRealm: null, workingRealm: null })).toEqual({
      realm: 'FEDORAPROJECT.ORG',
      source: 'default',
    });
  });
});

describe('pinProblem', () => {
  it("accepts a principal in the host's realm", () => {
    expect(
      pinProblem('alice@FEDORAPROJECT.ORG', { host: FEDORA_COPR_HOST, mappedRealm: null, workingRealm: null }),
    ).toBeNull();
    expect(
      pinProblem('alice@EXAMPLE.COM', { host: STAGING, mappedRealm: 'EXAMPLE.COM', workingRealm: null }),
    ).toBeNull();
  });

  it('refuses another realm with the realm it needs and why', () => {
    expect(pinProblem('alice@EXAMPLE.COM', { host: FEDORA_COPR_HOST, mappedRealm: null, workingRealm: null })).toBe(
      "Copr at copr.fedorainfracloud.org lives in FEDORAPROJECT.ORG (Fedora's Copr), so a pin for alice@EXAMPLE.COM cannot log you in; pin a FEDORAPROJECT.ORG principal instead.",
    );
    expect(
      pinProblem('alice@FEDORAPROJECT.ORG', { host: STAGING, mappedRealm: null, workingRealm: 'EXAMPLE.COM' }),
    ).toContain('lives in EXAMPLE.COM (your ticket in that realm works for it)');
  });
});
