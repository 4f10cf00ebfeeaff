/**
 * "Make it the primary identity": whether the login leaves the new identity primary (kinit's way)
 * or puts the previous primary back. Its default follows what is typed (primary-choice.ts) until
 * the user sets it.
 */
import { useId, useState } from 'react';
import { FEDORA_REALM } from '../../../../shared/krb';
import { realmOf } from '../../../../shared/principal';
import { t } from '../../i18n';
import { useAppStore } from '../../store/store-context';
import { defaultMakePrimary, primaryChoiceApplies } from './primary-choice';

export interface PrimaryChoiceState {
  /** Whether the choice is offered at all (a collection with an identity to keep). */
  readonly applies: boolean;
  readonly makePrimary: boolean;
  readonly set: (makePrimary: boolean) => void;
  /** The primary now, and the principal typed (null while it is not a valid name). */
  readonly primary: string | null;
  readonly principal: string | null;
  readonly coprRealm: string;
}

/** The choice for `principal`: the user's, once made, else the default. */
export function usePrimaryChoice(principal: string | null): PrimaryChoiceState {
  const status = useAppStore((s) => s.status);
  // The realm Copr's login needs, once the Copr overview has been read; Fedora's until then.
  const coprRealm = useAppStore((s) => s.overview?.identity?.realm ?? FEDORA_REALM);
  const [chosen, setChosen] = useState<boolean | null>(null);
  return {
    applies: primaryChoiceApplies(status),
    makePrimary: chosen ?? defaultMakePrimary(status, principal, coprRealm),
    set: setChosen,
    primary: status?.primary ?? null,
    principal,
    coprRealm,
  };
}

/** What the choice will do, in one or two sentences under the checkbox. */
function choiceHint({ makePrimary, primary, principal, coprRealm }: PrimaryChoiceState): string {
  if (!makePrimary) return primary ? t('login.keepPrimary.hint', primary) : t('login.makePrimary.hint');
  const leavesCopr =
    primary !== null && realmOf(primary) === coprRealm && principal !== null && realmOf(principal) !== coprRealm;
  return leavesCopr
    ? `${t('login.makePrimary.hint')} ${t('login.makePrimary.leavesCopr', coprRealm)}`
    : t('login.makePrimary.hint');
}

/** The checkbox and its hint. */
export function PrimaryChoice({ choice }: { readonly choice: PrimaryChoiceState }) {
  const hintId = useId();
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={choice.makePrimary}
          aria-describedby={hintId}
          onChange={(e) => choice.set(e.target.checked)}
        />
        {t('login.makePrimary')}
      </label>
      <p id={hintId} className="hint">
        {choiceHint(choice)}
      </p>
    </div>
  );
}
