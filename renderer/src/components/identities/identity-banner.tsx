/**
 * The banner at the top of Identities when the identity Copr would get is not the one it needs
 * (another realm's is primary), or it has no live ticket: the diagnosis's finding in main's words,
 * with its fixes as buttons (switch, pin, log in). It goes away by itself once the diagnosis main
 * pushes after the fix no longer has the finding.
 */
import { useId } from 'react';
import type { Finding, Fix } from '../../../../shared/doctor';
import { t } from '../../i18n';
import { prefillFromFix } from '../../lib/login-prefill';
import { selectBusy, selectIdentityProblem } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from '../common/icon';

function BannerFix({ fix }: { readonly fix: Fix }) {
  const { applyFix, openLogin } = useActions();
  const busy = useAppStore(selectBusy);
  const applying = useAppStore((s) => s.fixBusy === fix.id);
  const fedoraUser = useAppStore((s) => s.settings?.fedoraUser ?? null);
  // A login needs the password: the form asks for it. Everything else is one click.
  if (fix.needsPassword)
    return (
      <button type="button" className="primary" onClick={() => openLogin(prefillFromFix(fix, fedoraUser))}>
        {t('doctor.fixWithPassword', fix.label)}
      </button>
    );
  return (
    <button
      type="button"
      aria-disabled={busy || undefined}
      onClick={() => {
        if (!busy) void applyFix(fix.id);
      }}
    >
      {applying ? t('doctor.applying', fix.label) : fix.label}
    </button>
  );
}

function Banner({ finding }: { readonly finding: Finding }) {
  const titleId = useId();
  return (
    <section className={`identity-banner severity-${finding.severity}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        <Icon name={finding.severity === 'error' ? 'error' : 'warning'} /> {finding.title}
      </h3>
      {finding.detail && <p>{finding.detail}</p>}
      {finding.fixes.length > 0 && (
        <div className="actions" role="group" aria-label={t('identities.banner.fixes')}>
          {finding.fixes.map((fix, i) => (
            <BannerFix key={`${fix.id}-${i}`} fix={fix} />
          ))}
        </div>
      )}
    </section>
  );
}

/** The banner, or nothing when Copr gets the identity it needs (or there are no identities: the empty state says what to do). */
export function IdentityBanner() {
  const finding = useAppStore(selectIdentityProblem);
  const hasIdentities = useAppStore((s) => (s.status?.caches.length ?? 0) > 0);
  if (!finding || !hasIdentities || finding.severity === 'info') return null;
  return <Banner finding={finding} />;
}
