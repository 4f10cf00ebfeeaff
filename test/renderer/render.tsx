/** Renders a piece of the renderer with a store built on a fake API. */
import { type RenderResult, act, cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { App } from '../../renderer/src/app';
import { type AppStore, createAppStore } from '../../renderer/src/store';
import { StoreProvider } from '../../renderer/src/store/store-context';
import type { FakeApi } from './fake-api';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

/** The store after `init()` (settings, status and activity loaded), and the rendered `ui`. */
export async function renderWithStore(ui: ReactElement, api: FakeApi): Promise<RenderResult & { store: AppStore }> {
  const store = createAppStore(api);
  await store.getState().init();
  const result = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return { ...result, store };
}

/** The whole app on `api`, after its start-up calls have settled. */
export async function renderApp(api: FakeApi): Promise<RenderResult & { store: AppStore }> {
  const store = createAppStore(api);
  const result = render(<App api={api} store={store} />);
  await settle();
  return { ...result, store };
}

/** Lets pending promises (and the re-renders they cause) finish. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  });
}
