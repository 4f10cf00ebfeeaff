/**
 * The window: the tab bar, the current view, and the toasts; builds the store and connects it.
 * The view scrolls between the tab bar and the toasts' strip (styles.css, "Layout"), so neither
 * covers it.
 */
import { useEffect, useRef, useState } from 'react';
import type { AppApi } from '../../shared/contract';
import { ActivityView } from './components/activity/activity-view';
import { NoticeBanner } from './components/common/notice-banner';
import { TabBar, VIEWS, panelId, tabId } from './components/common/tab-bar';
import { Toasts } from './components/common/toasts';
import { CoprView } from './components/copr/copr-view';
import { IdentitiesView } from './components/identities/identities-view';
import { LoginView } from './components/login/login-view';
import { SettingsView } from './components/settings/settings-view';
import { TroubleshootView } from './components/troubleshoot/troubleshoot-view';
import { t } from './i18n';
import { followPageLocation } from './lib/page-location';
import { useScrollPerView } from './lib/use-scroll-per-view';
import { type AppStore, type View, connectPushEvents, createAppStore } from './store';
import { StoreProvider, useActions, useAppStore } from './store/store-context';

function CurrentView({ view }: { readonly view: View }) {
  switch (view) {
    case 'identities':
      return <IdentitiesView />;
    case 'login':
      return <LoginView />;
    case 'copr':
      return <CoprView />;
    case 'troubleshoot':
      return <TroubleshootView />;
    case 'activity':
      return <ActivityView />;
    case 'settings':
      return <SettingsView />;
  }
}

function Shell() {
  const view = useAppStore((s) => s.view);
  const { setView } = useActions();
  const mainRef = useRef<HTMLElement>(null);
  useScrollPerView(mainRef, view);
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="visually-hidden">{t('app.title')}</h1>
        <TabBar current={view} onSelect={setView} />
      </header>
      <main className="panels" ref={mainRef}>
        {/* In the main landmark, so that it is not content outside any landmark. */}
        <NoticeBanner />
        {/* Every panel exists for the tabs' aria-controls; only the current one is filled (views load on opening). */}
        {VIEWS.map(({ view: v, label }) => (
          <section
            key={v}
            id={panelId(v)}
            role="tabpanel"
            aria-labelledby={tabId(v)}
            hidden={v !== view}
            tabIndex={0}
            className="panel"
          >
            {v === view && (
              <>
                <h2 className="visually-hidden">{t(label)}</h2>
                <CurrentView view={v} />
              </>
            )}
          </section>
        ))}
      </main>
      <Toasts />
    </div>
  );
}

/** The API the app talks to (the preload's `window.ticketTray`, or a fake in tests). */
export interface AppProps {
  readonly api: AppApi;
  /** A store made elsewhere (tests); by default one is created for `api`. */
  readonly store?: AppStore;
}

/** The whole renderer. Push events are connected while it is mounted. */
export function App({ api, store: given }: AppProps) {
  const [store] = useState(() => given ?? createAppStore(api));
  useEffect(() => {
    const disconnect = connectPushEvents(store, api);
    // `#/login-fedora` may open the form before the settings (and the saved Fedora name) arrive;
    // the form fills the name in when they do.
    const unfollow = followPageLocation(store, window.location, window);
    void store.getState().init();
    return () => {
      disconnect();
      unfollow();
    };
  }, [store, api]);
  return (
    <StoreProvider store={store}>
      <Shell />
    </StoreProvider>
  );
}
