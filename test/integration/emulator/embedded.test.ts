import axios from 'axios';
import { startEmbeddedEmulator } from '../../../src/emulator/embedded';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';

describe('startEmbeddedEmulator', () => {
  it('when started from an emulator-mode config, then a new frozen config points the ALEX client at it', async () => {
    const original = testConfig();
    const { logger, text } = captureLogs('info');

    const { config, emulator } = await startEmbeddedEmulator(original, logger);
    try {
      expect(config.medtech.mode).toBe('emulator');
      expect(config.medtech.tokenUrl).toBe(emulator.tokenUrl);
      expect(config.medtech.apiBaseUrl).toBe(emulator.fhirBaseUrl);
      expect(config.medtech.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/FHIR$/);
      expect(config.medtech.facilityIds).toEqual(['F2N060-E']);
      expect(Object.isFrozen(config.medtech)).toBe(true);
      expect(Object.isFrozen(config.medtech.facilityIds)).toBe(true);
      expect(original.medtech.clientId).toBe('');
      expect(text()).not.toContain(emulator.credentials.clientSecret);

      // The returned settings are enough to get a token and read a patient.
      const token = await axios.post(
        config.medtech.tokenUrl,
        new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: config.medtech.clientId,
          client_secret: config.medtech.clientSecret,
          scope: config.medtech.scope,
        }),
      );
      const bundle = await axios.get(
        `${config.medtech.apiBaseUrl}/Patient?identifier=https://standards.digital.health.nz/ns/nhi-id|${config.medtech.testNhi}`,
        {
          headers: {
            Authorization: `Bearer ${token.data.access_token}`,
            'mt-facilityid': config.medtech.facilityId,
          },
        },
      );
      expect(bundle.data.entry[0].resource.id).toBe('14e52e16edb7a435bfa05e307afd008b');
    } finally {
      await emulator.close();
    }
  });

  it('when MEDTECH_FACILITY_IDS lists facilities, then they are kept exactly as configured', async () => {
    const { logger } = captureLogs('error');
    const { config, emulator } = await startEmbeddedEmulator(
      testConfig({ MEDTECH_FACILITY_IDS: 'F99669-C,F2N060-E' }),
      logger,
    );
    await emulator.close();
    expect(config.medtech.facilityIds).toEqual(['F99669-C', 'F2N060-E']);
  });
});
