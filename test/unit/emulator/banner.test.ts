import { emulatorBanner } from '../../../src/emulator-banner';
import { testConfig } from '../../helpers/test-config';

describe('emulator start-up banner', () => {
  it("when the gateway starts in emulator mode, then the banner names the emulator's journal URL", () => {
    const banner = emulatorBanner(testConfig(), 3000, 'http://127.0.0.1:4010');

    expect(banner).toContain('http://127.0.0.1:4010/__emulator/journal');
  });

  it('when no emulator URL is given, then the journal URL is derived from the FHIR base', () => {
    const config = testConfig({ MEDTECH_API_BASE_URL: 'http://127.0.0.1:4011/FHIR' });

    expect(emulatorBanner(config, 3000)).toContain('http://127.0.0.1:4011/__emulator/journal');
  });
});
