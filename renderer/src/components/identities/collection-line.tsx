/** Which credential cache collection is in use, and whether it can hold several identities. */
import type { KrbStatus } from '../../../../shared/krb';
import { t } from '../../i18n';

/** "Collection: KCM:1000 (KCM)" and what that means for switching. */
export function CollectionLine({ status }: { readonly status: KrbStatus }) {
  const { collection } = status;
  return (
    <div className="collection">
      <p>{t('collection.line', collection.name, collection.type)}</p>
      <p className="hint">{collection.switchable ? t('collection.switchable') : t('collection.single')}</p>
    </div>
  );
}
