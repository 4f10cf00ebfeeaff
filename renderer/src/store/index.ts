/**
 * The renderer's one store: `createAppStore(api)` builds it from slices with the AppApi injected,
 * and `connectPushEvents` is the one place main's push events reach it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppApi } from '../../../shared/contract';
import { createActivitySlice } from './activity-slice';
import { createCoprSlice } from './copr-slice';
import { createDoctorSlice } from './doctor-slice';
import { createSettingsSlice } from './settings-slice';
import { createTicketsSlice } from './tickets-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';

export type * from './types';
export { coprTarget } from './copr-slice';

/** The vanilla store; React reads it through `useAppStore` (store-context.tsx). */
export type AppStore = StoreApi<AppState>;

/** Creates the store. Nothing is called until `init()` or an action runs. */
export function createAppStore(api: AppApi): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createTicketsSlice(api)(...a),
    ...createCoprSlice(api)(...a),
    ...createDoctorSlice(api)(...a),
    ...createActivitySlice(api)(...a),
    ...createSettingsSlice(api)(...a),
    ...createUiSlice(api)(...a),
    async init() {
      const { loadSettings, refreshStatus, loadActivity, loadDiagnosis } = a[1]();
      await Promise.all([loadSettings(), refreshStatus(), loadActivity(), loadDiagnosis()]);
    },
  }));
}

/**
 * Subscribes the store to main's push events: a new status replaces the old one; each activity
 * event is added to the list; a new diagnosis replaces the findings shown. Returns the function
 * that unsubscribes them all.
 */
export function connectPushEvents(store: AppStore, api: AppApi): () => void {
  const unsubscribers = [
    api.onStatusChanged((status) => store.setState({ status })),
    api.onActivity((event) => store.getState().addActivity(event)),
    api.onDiagnosis((diagnosis) => store.getState().diagnosisChanged(diagnosis)),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
