/**
 * A new Copr API token the config could not take. Copr no longer accepts the old one, so this is
 * the user's only copy: the lines to paste are shown read-only and selectable, with where they go.
 * It lives only in the fix's result in memory; nothing here stores or logs it.
 */
import { useId } from 'react';
import type { UnsavedApiToken } from '../../../../shared/doctor';
import { t } from '../../i18n';

/** The config lines copr-cli reads, as `copr renew-token` would have written them. */
export function tokenLines(token: UnsavedApiToken): string {
  return [`login = ${token.login}`, `token = ${token.token}`, `# expiration date: ${token.expires}`].join('\n');
}

export function UnsavedTokenNotice({ token }: { readonly token: UnsavedApiToken }) {
  const whereId = useId();
  return (
    <div className="unsaved-token">
      <p id={whereId}>{t('doctor.unsavedTokenWhere', token.path)}</p>
      <textarea
        className="token-lines"
        readOnly
        spellCheck={false}
        rows={3}
        value={tokenLines(token)}
        aria-label={t('doctor.unsavedTokenLabel')}
        aria-describedby={whereId}
        // One click selects all of it, ready for Ctrl+C.
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="hint">{t('doctor.unsavedTokenOnce')}</p>
    </div>
  );
}
