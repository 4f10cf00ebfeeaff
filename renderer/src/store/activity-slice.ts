/** Recent events: what happened to the tickets and checks while the user was away. */
import type { ActivityEvent } from '../../../shared/contract';
import { ACTIVITY_LIMIT } from '../../../shared/limits';
import { call } from './call';
import type { ActivitySlice, SliceCreator } from './types';

const sameEvent = (a: ActivityEvent, b: ActivityEvent): boolean =>
  a.at === b.at && a.kind === b.kind && a.principal === b.principal && a.message === b.message;

/** Newest first, without duplicates (a push may repeat an event the list already has). */
function merge(events: readonly ActivityEvent[]): ActivityEvent[] {
  const sorted = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const unique: ActivityEvent[] = [];
  for (const e of sorted) if (!unique.some((u) => sameEvent(u, e))) unique.push(e);
  return unique.slice(0, ACTIVITY_LIMIT);
}

/** The activity slice. */
export const createActivitySlice: SliceCreator<ActivitySlice> = (api) => (set, get) => ({
  events: [],

  async loadActivity() {
    const called = await call(() => api.getActivity());
    if (called.ok && Array.isArray(called.value)) set({ events: merge([...called.value, ...get().events]) });
  },

  addActivity(event) {
    set({ events: merge([event, ...get().events]) });
  },
});
