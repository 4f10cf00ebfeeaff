/**
 * python-copr's saved login session (with Clear), and the `~/.k5identity` pin for the Copr host.
 * The buttons are held rather than disabled while main works, so focus stays on them; when an
 * action removes its own button (Clear, Unpin), focus lands on the section's heading instead.
 */
import { type ReactNode, useRef, useState } from 'react';
import type { CoprOverview } from '../../../../shared/copr';
import { FEDORA_REALM } from '../../../../shared/krb';
import { t } from '../../i18n';
import { type Land, useFocusLanding } from '../../lib/use-focus-landing';
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

/** A button that runs `run` unless held, then lands focus on the section heading if it went away. */
function HeldButton(props: {
  readonly held: boolean;
  readonly land: Land;
  readonly heading: () => HTMLElement | null;
  readonly run: () => Promise<unknown>;
  readonly children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-disabled={props.held || undefined}
      onClick={() => {
        if (!props.held) props.land(props.run, props.heading);
      }}
    >
      {props.children}
    </button>
  );
}

function PinControl({ overview, disabled }: { readonly overview: CoprOverview; readonly disabled: boolean }) {
  const { pinCopr, unpinCopr } = useActions();
  const candidates = usePinCandidates(overview);
  const [chosen, setChosen] = useState('');
  const land = useFocusLanding();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const selected = candidates.includes(chosen) ? chosen : (candidates[0] ?? '');
  const host = overview.config.host;
  const common = { held: disabled, land, heading: () => headingRef.current };
  return (
    <section aria-labelledby="copr-pin-heading">
      <h3 id="copr-pin-heading" ref={headingRef} tabIndex={-1}>
        {t('copr.pin.heading')}
      </h3>
      <p>{overview.pinned ? t('copr.pin.current', overview.pinned, host) : t('copr.pin.none', host)}</p>
      {overview.pinned && (
        <div className="actions">
          <HeldButton {...common} run={unpinCopr}>
            {t('copr.pin.unpin')}
          </HeldButton>
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
          <HeldButton {...common} held={disabled || !selected} run={() => pinCopr(selected)}>
            {t('copr.pin.pin')}
          </HeldButton>
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
  const land = useFocusLanding();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { session } = overview;
  const valid = session !== null && session.valid && Date.parse(session.expiresAt) > now;
  return (
    <>
      <section aria-labelledby="copr-session-heading">
        <h3 id="copr-session-heading" ref={headingRef} tabIndex={-1}>
          {t('copr.session.heading')}
        </h3>
        {session ? (
          <>
            <p>
              {valid
                ? t('copr.session.valid', session.name, t('format.dateTime', session.expiresAt))
                : t('copr.session.expired', session.name, t('format.dateTime', session.expiresAt))}
            </p>
            <p className="hint">{t('copr.session.path', session.path)}</p>
            <div className="actions">
              <HeldButton held={disabled} land={land} heading={() => headingRef.current} run={clearCoprSession}>
                {t('copr.session.clear')}
              </HeldButton>
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
