/** Hands the store to the component tree, and the hook components read it with. */
import { type ReactNode, createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore, AppState } from './index';

const StoreContext = createContext<AppStore | null>(null);

/** Provides `store` to every component below. */
export function StoreProvider({ store, children }: { readonly store: AppStore; readonly children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for event handlers that read state without subscribing. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <StoreProvider>');
  return store;
}

/**
 * Selects from the store and re-renders when the selection changes. Select atoms or stable
 * references (actions, slices of state); a selector building a new object each time would loop.
 */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/**
 * The store's actions, for event handlers. Actions never change, so this does not subscribe; read
 * no data from it (use `useAppStore` for data, so the component re-renders).
 */
export function useActions(): AppState {
  return useAppStoreApi().getState();
}
