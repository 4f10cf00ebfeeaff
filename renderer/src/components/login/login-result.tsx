/**
 * After a login that moved the primary identity away from the one Copr needs: what happened, and
 * the two ways to give Copr its identity back, one click each.
 */
import { useEffect, useRef, useState } from 'react';
import type { PrimaryFix, PrimaryMove } from '../../../../shared/krb';
import { t } from '../../i18n';
import { selectBusy } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Icon } from '../common/icon';

function FixButton({ fix, onDone }: { readonly fix: PrimaryFix; readonly onDone: (text: string) => void }) {
  const { switchPrimary, pinCopr } = useActions();
  const busy = useAppStore(selectBusy);
  const apply = async () => {
    if (busy) return;
    const done = fix.kind === 'switch' ? await switchPrimary(fix.principal) : await pinCopr(fix.principal);
    if (done)
      onDone(fix.kind === 'switch' ? t('login.fixed.switch', fix.principal) : t('login.fixed.pin', fix.principal));
  };
  // Held rather than disabled while another action runs, so that focus stays on it.
  return (
    <button type="button" aria-disabled={busy || undefined} onClick={() => void apply()}>
      {fix.kind === 'switch' ? t('login.fix.switch', fix.principal) : t('login.fix.pin', fix.principal)}
    </button>
  );
}

/**
 * The result block. Focus lands on it as it shows (the submit button was disabled while the login
 * ran), and again after a fix, whose button the fixed sentence replaces.
 */
export function LoginResult({ move }: { readonly move: PrimaryMove }) {
  const [fixed, setFixed] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => resultRef.current?.focus(), [fixed]);
  return (
    <div ref={resultRef} tabIndex={-1} className="focus-target result-box warn">
      {fixed ? (
        <p>
          <Icon name="ok" /> {fixed}
        </p>
      ) : (
        <>
          <p>
            <Icon name="warning" /> <span className="visually-hidden">{t('severity.warning')}: </span>
            {t('login.moved', move)}
          </p>
          <div className="actions">
            {move.fixes.map((fix) => (
              <FixButton key={fix.kind} fix={fix} onDone={setFixed} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
