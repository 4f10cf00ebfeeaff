/** The hidden command the completion scripts call with the words typed so far. */
export const COMPLETE_WORD = '__complete';
