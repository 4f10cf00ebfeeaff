import { describe, expect, it } from 'vitest';
import { checkLinearity, pumped, runBounded } from '../support/fuzz/fuzz.js';

/**
 * The linearity check guards every parser against catastrophic backtracking; it must itself tell
 * a quadratic or exponential parser from a linear one, or its passes mean nothing.
 */
describe('the linearity check', () => {
  const pump = { name: 'a long run of a', build: pumped('', 'a', 'b') };
  const sizes = { small: 2_000, large: 20_000, floorMs: 50, largeCapMs: 2_000 };

  it('passes a linear scan', () => {
    const linear = (text: string) => text.split('').filter((c) => c === 'a').length;
    expect(checkLinearity(pump, linear, sizes).problem).toBeNull();
  });

  it('flags a quadratic loop', () => {
    const quadratic = (text: string) => {
      let pairs = 0;
      for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j++) if (text[j] === text[i]) pairs++;
      return pairs;
    };
    expect(checkLinearity(pump, quadratic, sizes).problem).toMatch(/took \d+ ms/);
  });

  it('stops a catastrophic regex and reports it over budget', () => {
    // Nested quantifiers: exponential backtracking on a run of "a" that ends in "b".
    const exponential = (text: string) => /^(a+)+$/.test(text);
    const outcome = runBounded(() => exponential(`${'a'.repeat(40)}b`), 200);
    expect(outcome.kind).toBe('timed-out');
  });
});
