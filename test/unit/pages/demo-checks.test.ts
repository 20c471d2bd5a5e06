import { loadClassicScript } from './classic-script';

/* eslint-disable @typescript-eslint/no-explicit-any -- the page script is untyped JavaScript */
const checks = loadClassicScript('demo/demo-checks.js').DemoChecks as any;

describe('demo page checks (demo-checks.js)', () => {
  it.each([
    'http://localhost:3000/mobile',
    'http://127.0.0.1:51234/mobile?x=1',
    'http://[::1]:3000/mobile',
    'http://0.0.0.0:3000/mobile',
    'http://gateway.localhost/mobile',
  ])('when the phone link is %s, then a phone cannot reach it', (url) => {
    expect(checks.phoneCannotReach(url)).toBe(true);
  });

  it.each([
    'https://app.clinicpro.co.nz/medtech-images/mobile',
    'http://192.168.1.20:3000/mobile',
    'not a url',
  ])('when the phone link is %s, then no warning is due', (url) => {
    expect(checks.phoneCannotReach(url)).toBe(false);
  });

  it('when files carry positions, then labels follow them, whatever order the view lists them in', () => {
    expect([3, 1, 2].map((position) => checks.labelFor(position, 0))).toEqual(['C', 'A', 'B']);
    expect(checks.labelFor(27, 0)).toBe('AA');
    expect(checks.labelFor(undefined, 4)).toBe('E');
    // Past Z the labels run AA, AB, ... BA, as a GP would number them by hand.
    expect([1, 2, 26, 27, 28, 53].map((position) => checks.labelFor(position, 0))).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'BA',
    ]);
  });

  it('when every file is committed, then the summary says how many were saved', () => {
    const body = { files: [{ status: 'committed' }, { status: 'committed' }] };
    expect(checks.commitSummary(200, body)).toEqual({ tone: 'ok', text: '2 photos saved to Medtech.' });
  });

  it('when some files fail or wait, then the summary says which and its tone is not ok', () => {
    expect(checks.commitSummary(207, { files: [{ status: 'committed' }, { status: 'error' }] })).toEqual({
      tone: 'error',
      text: '1 of 2 photos saved to Medtech; 1 not saved.',
    });
    expect(checks.commitSummary(202, { files: [{ status: 'committed' }, { status: 'queued' }] })).toEqual({
      tone: 'partial',
      text: '1 of 2 photos saved to Medtech; 1 queued for delivery.',
    });
  });

  it('when the whole commit is refused, then the summary names the code', () => {
    expect(checks.commitSummary(400, { error: { code: 'VALIDATION_FAILED' } })).toEqual({
      tone: 'error',
      text: 'Nothing was saved (VALIDATION_FAILED).',
    });
  });
});
