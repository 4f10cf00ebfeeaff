/** Main's pushed diagnosis in the window: the Identities banner, the Troubleshoot badge, the outdated Copr check, the pin on a card. */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Diagnosis, DoctorReport } from '../../shared/doctor';
import { fakeApi, failedCheck, report } from './fake-api';
import { renderApp, settle } from './render';

const HOST = 'copr.fedorainfracloud.org';

function diagnosis(r: DoctorReport, serial = 1, pinned: string | null = null): Diagnosis {
  return {
    report: r,
    network: false,
    copr: { host: HOST, realm: 'FEDORAPROJECT.ORG', pinned },
    change: { serial, kind: 'primary', at: new Date().toISOString() },
  };
}

const healthy = (): DoctorReport => ({ checkedAt: new Date().toISOString(), findings: [] });

async function push(api: ReturnType<typeof fakeApi>, d: Diagnosis) {
  api.emitDiagnosis(d);
  await settle();
}

describe('the diagnosis main pushes', () => {
  it('shows the banner with its fixes on Identities, and the count on the Troubleshoot tab, without a click', async () => {
    const api = fakeApi();
    await renderApp(api);
    expect(screen.queryByRole('region', { name: /Copr will use/ })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Troubleshoot' })).toBeTruthy();

    await push(api, diagnosis(report()));
    const banner = screen.getByRole('region', { name: 'Copr will use your EXAMPLE.COM ticket' });
    expect(screen.getByRole('tab', { name: 'Troubleshoot, 2 problems' })).toBeTruthy();

    fireEvent.click(within(banner).getByRole('button', { name: 'Make alice@FEDORAPROJECT.ORG primary' }));
    await settle();
    expect(api.applyFix).toHaveBeenCalledWith('switch-primary');

    await push(api, diagnosis(healthy(), 2));
    expect(screen.queryByRole('region', { name: /Copr will use/ })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Troubleshoot' })).toBeTruthy();
  });

  it('updates the Troubleshoot findings without running the doctor again', async () => {
    const api = fakeApi({ getDiagnosis: async () => diagnosis(healthy(), 0) });
    await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Troubleshoot' }));
    await settle();
    // Opened with only the local diagnosis, the view asks the whole doctor once (Copr included).
    expect(api.doctor).toHaveBeenCalledTimes(1);
    await push(api, diagnosis(report()));
    expect(screen.getByRole('article', { name: 'Copr will use your EXAMPLE.COM ticket' })).toBeTruthy();
    expect(screen.getByText(/looking at this computer only/)).toBeTruthy();
    expect(api.doctor).toHaveBeenCalledTimes(1);
  });

  it('marks a Copr check taken before a change as outdated', async () => {
    const api = fakeApi({ coprCheck: async () => failedCheck(), getDiagnosis: async () => diagnosis(healthy(), 3) });
    await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Copr' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    expect(screen.queryByText(/Checked before/)).toBeNull();
    await push(api, diagnosis(healthy(), 4));
    expect(screen.getByText('Checked before the primary changed: check again.')).toBeTruthy();
  });

  it('says on the card which identity is pinned for the Copr host', async () => {
    const api = fakeApi({ getDiagnosis: async () => diagnosis(healthy(), 0, 'alice@FEDORAPROJECT.ORG') });
    await renderApp(api);
    const card = screen.getByRole('article', { name: 'alice@FEDORAPROJECT.ORG' });
    expect(within(card).getByText(`Pinned for ${HOST}`)).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'alice@EXAMPLE.COM' })).queryByText(/Pinned/)).toBeNull();
  });
});
