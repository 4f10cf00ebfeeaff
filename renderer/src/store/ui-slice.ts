/** Which view is shown, what the login form starts with, and the toasts. */
import { t } from '../i18n';
import { call } from './call';
import type { SliceCreator, UiSlice } from './types';

/** How many toasts stay on screen at once. */
const TOAST_LIMIT = 3;

/** The UI slice. */
export const createUiSlice: SliceCreator<UiSlice> = (api) => (set, get) => {
  let nextToastId = 1;
  return {
    view: 'identities',
    notice: null,
    loginPrefill: null,
    loginPrefillSerial: 0,
    toasts: [],

    setView(view) {
      set({ view });
    },

    dismissNotice() {
      set({ notice: null });
    },

    openLogin(prefill) {
      set({ view: 'login', loginPrefill: prefill, loginPrefillSerial: get().loginPrefillSerial + 1 });
    },

    pushToast(tone, text) {
      set({ toasts: [...get().toasts, { id: nextToastId++, tone, text }].slice(-TOAST_LIMIT) });
    },

    async openExternalUrl(url) {
      const called = await call(() => api.openExternal(url));
      const opened = called.ok && called.value.ok;
      if (!opened) get().pushToast('error', t('failure.notAllowed', url));
      return opened;
    },

    dismissToast(id) {
      set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
    },
  };
};
