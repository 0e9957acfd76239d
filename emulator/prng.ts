// A small seeded PRNG (xorshift32) so fault runs repeat exactly for a given seed.

/** Returns a generator of floats in [0, 1). */
export function createPrng(seed: number): () => number {
  // Mix the seed first so nearby seeds (1, 2, 3) start from unrelated states.
  let state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35) >>> 0;
  state = (state ^ (state >>> 16)) >>> 0;
  // xorshift has one dead state.
  if (state === 0) state = 0x6d2b79f5;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}
