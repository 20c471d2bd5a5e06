import { searchQuality, type QualitySearchOptions } from '../../../src/services/images/quality-search';

/** A fake encoder whose output grows exponentially with quality, like a real JPEG, and counts calls. */
function fakeEncoder(sizeAt: (quality: number) => number) {
  const calls: number[] = [];
  const encode = async (quality: number) => {
    calls.push(quality);
    return Buffer.alloc(Math.round(sizeAt(quality)));
  };
  return { encode, calls };
}

const photoLike = (scale: number) => (quality: number) => scale * Math.exp(0.035 * quality);

const options = (overrides: Partial<QualitySearchOptions>): QualitySearchOptions => ({
  budget: 1000,
  floor: 60,
  ceiling: 92,
  maxEncodes: 4,
  startQuality: 92,
  ...overrides,
});

/** The true answer, found by trying every quality. */
function bestFitting(sizeAt: (q: number) => number, budget: number): number | undefined {
  for (let q = 92; q >= 60; q -= 1) if (Math.round(sizeAt(q)) <= budget) return q;
  return undefined;
}

describe('searchQuality', () => {
  it('when the ceiling already fits, then it stops after that one encode', async () => {
    const { encode, calls } = fakeEncoder(() => 500);

    const result = await searchQuality(encode, options({}));

    expect(result).toMatchObject({ fits: true, quality: 92, encodes: 1 });
    expect(calls).toEqual([92]);
  });

  it.each([20, 25, 30, 40, 60])(
    'when the ceiling misses (size scale %d), then it lands within 2 steps of the best quality in at most 4 encodes',
    async (scale) => {
      const sizeAt = photoLike(scale);
      const truth = bestFitting(sizeAt, 1000) as number;
      const { encode, calls } = fakeEncoder(sizeAt);

      const result = await searchQuality(encode, options({}));

      expect(result.fits).toBe(true);
      if (!result.fits) return;
      expect(result.bytes.length).toBeLessThanOrEqual(1000);
      expect(result.quality).toBeLessThanOrEqual(truth);
      expect(truth - result.quality).toBeLessThanOrEqual(2);
      expect(calls.length).toBeLessThanOrEqual(4);
    },
  );

  it('when the size curve is much steeper than the model, then the answer still fits the budget', async () => {
    const sizeAt = (q: number) => 10 * Math.exp(0.09 * q);
    const { encode, calls } = fakeEncoder(sizeAt);

    const result = await searchQuality(encode, options({ budget: 5000 }));

    expect(result.fits && result.bytes.length <= 5000).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(4);
  });

  it('when a known encode at the ceiling is passed in, then it is not encoded again', async () => {
    const sizeAt = photoLike(30);
    const { encode, calls } = fakeEncoder(sizeAt);

    await searchQuality(
      encode,
      options({ known: [{ quality: 92, bytes: Buffer.alloc(Math.round(sizeAt(92))) }] }),
    );

    expect(calls).not.toContain(92);
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it('when even the floor is too big, then it reports no fit with the floor size after trying the floor', async () => {
    const { encode, calls } = fakeEncoder((q) => 5000 + q);

    const result = await searchQuality(encode, options({}));

    expect(result).toEqual({ fits: false, floorSize: 5060, encodes: calls.length });
    expect(calls).toContain(60);
    expect(calls.length).toBeLessThanOrEqual(4);
  });

  it('when starting from the floor and it fits, then it searches upwards for a better quality', async () => {
    const sizeAt = photoLike(40);
    const { encode, calls } = fakeEncoder(sizeAt);

    const result = await searchQuality(encode, options({ startQuality: 60 }));

    expect(calls[0]).toBe(60);
    expect(result.fits && result.quality).toBeGreaterThan(60);
    expect(result.fits && result.bytes.length).toBeLessThanOrEqual(1000);
  });
});
