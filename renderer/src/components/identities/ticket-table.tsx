/** Every ticket in one cache: service, times, flags and encryption types. */
import { useId } from 'react';
import type { CacheInfo, TicketInfo } from '../../../../shared/krb';
import { t } from '../../i18n';
import { flagWords } from './flag-words';

function enctypes(ticket: TicketInfo): string {
  const { sessionEnctype: session, ticketEnctype: tkt } = ticket;
  if (!session && !tkt) return t('tickets.unknown');
  if (session === tkt) return session ?? '';
  return t('tickets.enctypePair', session ?? t('tickets.unknown'), tkt ?? t('tickets.unknown'));
}

/** The ticket table of one cache (its caption names the principal). */
export function TicketTable({ cache, id }: { readonly cache: CacheInfo; readonly id: string }) {
  const captionId = useId();
  if (cache.tickets.length === 0) {
    return (
      <p id={id} className="hint">
        {t('tickets.none')}
      </p>
    );
  }
  return (
    // Wider than a small window: the wrapper scrolls, so it takes focus for keyboard scrolling.
    <div id={id} className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="tickets">
        <caption id={captionId}>{t('tickets.caption', cache.principal ?? t('identity.uninitialised'))}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tickets.service')}</th>
            <th scope="col">{t('tickets.starts')}</th>
            <th scope="col">{t('tickets.expires')}</th>
            <th scope="col">{t('tickets.renewUntil')}</th>
            <th scope="col">{t('tickets.flags')}</th>
            <th scope="col">{t('tickets.enctypes')}</th>
          </tr>
        </thead>
        <tbody>
          {cache.tickets.map((ticket, index) => (
            <tr key={`${ticket.server}-${index}`}>
              <th scope="row" className="service">
                {ticket.server}
              </th>
              <td className="time">{t('format.dateTime', ticket.starts)}</td>
              <td className="time">{t('format.dateTime', ticket.expires)}</td>
              <td className="time">
                {ticket.renewUntil ? t('format.dateTime', ticket.renewUntil) : t('tickets.notRenewable')}
              </td>
              <td>{flagWords(ticket.flags)}</td>
              <td>{enctypes(ticket)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
