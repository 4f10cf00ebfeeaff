import { describe, expect, it } from 'vitest';
import { parseSession, sessionCacheProblem } from '../../electron/services/copr/session-cache.js';

describe('sessionCacheProblem: the cache files copr-cli crashes on', () => {
  it.each([
    ['', 'the file is empty'],
    ['  \n', 'the file is empty'],
    ['{"name": "alice",', 'the file is not JSON'],
    ['[]', 'the file holds no JSON object'],
    ['null', 'the file holds no JSON object'],
    ['{"name": "alice", "session": "abc"}', 'it has no "expiration"'],
    ['{"name": "alice", "session": "abc", "expiration": "1764331200"}', '"expiration" is not a number'],
    ['{"expiration": null}', '"expiration" is not a number'],
  ])('%j: %s', (text, problem) => {
    expect(sessionCacheProblem(text)).toBe(problem);
    expect(parseSession(text)).toBeNull();
  });

  it('reads what python-copr reads: a number, or a boolean python compares as one', () => {
    expect(sessionCacheProblem('{"name": "alice", "session": "abc", "expiration": 1764331200.5}')).toBeNull();
    expect(sessionCacheProblem('{"expiration": true}')).toBeNull();
    // Readable but without a name: no crash before expiry is compared, and no session to reuse either.
    expect(sessionCacheProblem('{"expiration": 1}')).toBeNull();
  });
});
