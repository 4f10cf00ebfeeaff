/**
 * The check's remedies as buttons, one per thing to do: every failure the check knows a fix for
 * gets it one click away, next to the sentence that explains it.
 */
import type { CoprRemedy, CoprSemantics } from '../../../../shared/copr';
import { FEDORA_REALM } from '../../../../shared/krb';
import { t } from '../../i18n';
import type { Land } from '../../lib/use-focus-landing';
import { selectBusy } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';

/** Where focus goes after a fix that changed the setup: Check now, the next thing to do. */
export type AfterFix = { readonly land: Land; readonly checkButton: () => HTMLElement | null };

const remedyKey = (r: CoprRemedy): string =>
  r.kind === 'switch' || r.kind === 'pin' || r.kind === 'renew'
    ? `${r.kind}:${r.principal}`
    : r.kind === 'log-in'
      ? `log-in:${r.realm}`
      : r.kind;

/** The button's words. */
function remedyLabel(r: CoprRemedy): string {
  switch (r.kind) {
    case 'switch':
      return t('copr.check.makePrimary', r.principal);
    case 'pin':
      return t('copr.check.pin', r.principal);
    case 'log-in':
      return t('copr.fix.logIn', r.realm);
    case 'renew':
      return t('copr.fix.renew', r.principal);
    case 'renew-token':
      return t('copr.fix.renewToken');
    case 'get-token':
      return t('copr.fix.getToken');
    case 'web-login':
      return t('copr.fix.webLogin');
    case 'clear-session':
      return t('copr.fix.clearSession');
    case 'gssapi-on':
      return t('copr.fix.gssapiOn');
  }
}

/** What clicking the remedy does; a fix that changes the setup hands focus to Check now. */
function useRemedyAction(semantics: CoprSemantics, after: AfterFix) {
  const actions = useActions();
  const fedoraUser = useAppStore((s) => s.settings?.fedoraUser ?? '');
  return (r: CoprRemedy, button: HTMLElement) => {
    const thenCheck = (run: () => Promise<unknown>) => after.land(run, after.checkButton, button);
    switch (r.kind) {
      case 'switch':
        return thenCheck(() => actions.switchPrimary(r.principal));
      case 'pin':
        return thenCheck(() => actions.pinCopr(r.principal));
      case 'gssapi-on':
        return thenCheck(() => actions.setCoprGssapi(true));
      case 'renew':
        return thenCheck(() => actions.renew(r.principal));
      case 'clear-session':
        // Clearing is only half of it: what matters is what copr-cli does without the session.
        return thenCheck(async () => {
          if (await actions.clearCoprSession()) await actions.checkCopr(semantics);
        });
      case 'log-in':
        return actions.openLogin(
          r.realm === FEDORA_REALM ? { mode: 'fedora', user: fedoraUser } : { mode: 'other', principal: '' },
        );
      case 'renew-token':
        return actions.setView('troubleshoot');
      case 'get-token':
      case 'web-login':
        return void actions.openExternalUrl(r.url);
    }
  };
}

/** One button per remedy. Held rather than disabled while another action runs, so focus stays. */
export function RemedyButtons({
  remedies,
  semantics,
  after,
}: {
  readonly remedies: readonly CoprRemedy[];
  readonly semantics: CoprSemantics;
  readonly after: AfterFix;
}) {
  const busy = useAppStore(selectBusy);
  const run = useRemedyAction(semantics, after);
  if (remedies.length === 0) return null;
  return (
    <div className="actions remedies">
      {remedies.map((r) => (
        <button
          key={remedyKey(r)}
          type="button"
          aria-disabled={busy || undefined}
          onClick={(e) => {
            if (!busy) run(r, e.currentTarget);
          }}
        >
          {remedyLabel(r)}
        </button>
      ))}
    </div>
  );
}
