/**
 * What main asks for through the page's address (electron/main/window/options.ts `pageLocation`):
 * `?notice=no-tray|first-run` says why the window opened as a normal one, and `#/<view>` names the
 * view a tray action wants (main loads the page again with a new hash, so it also arrives as a
 * `hashchange`).
 */
import type { AppStore, WindowNotice } from '../store';

/** The notice in the query, if it is one the renderer knows. */
export function noticeFrom(search: string): WindowNotice {
  const notice = new URLSearchParams(search).get('notice');
  return notice === 'no-tray' || notice === 'first-run' ? notice : null;
}

/** Shows the view the hash names (`#/login-fedora`, `#/login`, `#/troubleshoot`, `#/copr`); ignores anything else. */
export function applyHash(store: AppStore, hash: string): void {
  const s = store.getState();
  switch (hash.replace(/^#\/?/, '')) {
    case 'login-fedora':
      return s.openLogin({ mode: 'fedora', user: s.settings?.fedoraUser ?? '' });
    case 'login':
      return s.openLogin({ mode: 'other', principal: '' });
    case 'troubleshoot':
      return s.setView('troubleshoot');
    case 'copr':
      return s.setView('copr');
    default:
      return undefined;
  }
}

/** Applies the page's address now and on every hash change; returns the function that stops listening. */
export function followPageLocation(store: AppStore, location: Location, target: Window): () => void {
  store.setState({ notice: noticeFrom(location.search) });
  applyHash(store, location.hash);
  const onHashChange = () => applyHash(store, location.hash);
  target.addEventListener('hashchange', onHashChange);
  return () => target.removeEventListener('hashchange', onHashChange);
}
