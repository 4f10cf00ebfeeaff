/** python-copr's saved login session (with Clear), and the `~/.k5identity` pin for the Copr host. */
import { useState } from 'react';
import type { CoprOverview } from '../../../../shared/copr';
import { FEDORA_REALM } from '../../../../shared/krb';
import { t } from '../../i18n';
import { useActions, useAppStore } from '../../store/store-context';

/** Principals worth pinning: the one a check found working, then those of Copr's realm (Fedora's). */
function usePinCandidates(overview: CoprOverview): string[] {
  const working = useAppStore((s) => s.lastCheck?.advice.workingPrincipal ?? null);
  const caches = useAppStore((s) => s.status?.caches);
  const realms = [overview.identity.realm, FEDORA_REALM];
  const fromStatus = (caches ?? [])
    .filter((c) => c.principal && c.realm && realms.includes(c.realm) && c.state !== 'empty')
    .map((c) => c.principal as string);
  return [...new Set([...(working ? [working] : []), ...fromStatus])].filter((p) => p !== overview.pinned);
}

function PinControl({ overview, disabled }: { readonly overview: CoprOverview; readonly disabled: boolean }) {
  const { pinCopr, unpinCopr } = useActions();
  const candidates = usePinCandidates(overview);
  const [chosen, setChosen] = useState('');
  const selected = candidates.includes(chosen) ? chosen : (candidates[0] ?? '');
  const host = overview.config.host;
  return (
    <section aria-labelledby="copr-pin-heading">
      <h3 id="copr-pin-heading">{t('copr.pin.heading')}</h3>
      <p>{overview.pinned ? t('copr.pin.current', overview.pinned, host) : t('copr.pin.none', host)}</p>
      {overview.pinned && (
        <div className="actions">
          <button type="button" disabled={disabled} onClick={() => void unpinCopr()}>
            {t('copr.pin.unpin')}
          </button>
        </div>
      )}
      {candidates.length === 0 ? (
        !overview.pinned && <p className="hint">{t('copr.pin.noCandidates')}</p>
      ) : (
        <div className="field inline">
          <label htmlFor="copr-pin-choice">{t('copr.pin.choose')}</label>
          <select id="copr-pin-choice" value={selected} onChange={(e) => setChosen(e.target.value)}>
            {candidates.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button type="button" disabled={disabled || !selected} onClick={() => void pinCopr(selected)}>
            {t('copr.pin.pin')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The session and pin parts of the Copr view. */
export function CoprSessionSection({
  overview,
  now,
  disabled,
}: {
  readonly overview: CoprOverview;
  readonly now: number;
  readonly disabled: boolean;
}) {
  const { clearCoprSession } = useActions();
  const { session } = overview;
  const valid = session !== null && session.valid && Date.parse(session.expiresAt) > now;
  return (
    <>
      <section aria-labelledby="copr-session-heading">
        <h3 id="copr-session-heading">{t('copr.session.heading')}</h3>
        {session ? (
          <>
            <p>
              {valid
                ? t('copr.session.valid', session.name, t('format.dateTime', session.expiresAt))
                : t('copr.session.expired', session.name, t('format.dateTime', session.expiresAt))}
            </p>
            <p className="hint">{t('copr.session.path', session.path)}</p>
            <div className="actions">
              <button type="button" disabled={disabled} onClick={() => void clearCoprSession()}>
                {t('copr.session.clear')}
              </button>
            </div>
          </>
        ) : (
          <p>{t('copr.session.none')}</p>
        )}
      </section>
      <PinControl overview={overview} disabled={disabled} />
    </>
  );
}
