import { ConfigError, loadConfig } from '../../../src/config';

describe('MEDTECH_WRITE_TARGET and MEDTECH_SCAN_FORMAT (CONFIG.md, second wave)', () => {
  it('when neither is set, then commits write Media and Scan documents are PDFs', () => {
    const config = loadConfig({});

    expect(config.medtech.writeTarget).toBe('media');
    expect(config.medtech.scanFormat).toBe('pdf');
  });

  it.each([
    ['scan', 'tiff'],
    ['both', 'pdf'],
    ['media', 'tiff'],
  ])('when they are %s and %s, then the config carries them', (target, format) => {
    const config = loadConfig({ MEDTECH_WRITE_TARGET: target, MEDTECH_SCAN_FORMAT: format });

    expect(config.medtech.writeTarget).toBe(target);
    expect(config.medtech.scanFormat).toBe(format);
  });

  it.each([
    ['MEDTECH_WRITE_TARGET', 'documentreference'],
    ['MEDTECH_SCAN_FORMAT', 'jpeg'],
  ])('when %s is %p, then start-up fails naming that variable', (variable, value) => {
    let thrown: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems.map((problem) => problem.variable)).toEqual([variable]);
  });
});
