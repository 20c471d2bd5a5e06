import { loadConfig } from '../../../src/config';
import { startEmbeddedEmulator } from '../../../src/emulator/embedded';
import { captureLogs } from '../../helpers/log-capture';

describe('launch configuration (CONFIG.md, second wave)', () => {
  it('when nothing is set, then the decode URL follows the FHIR base and launches live 300 s', () => {
    const config = loadConfig({});
    expect(config.launch).toEqual({
      decodeUrl: 'https://alexapiuat.medtechglobal.com/FHIR/vendorforms/api/getlaunchcontextstring',
      decodeUrlConfigured: false,
      maxAgeSeconds: 300,
    });
  });

  it('when MEDTECH_API_BASE_URL moves, then the default decode URL moves with it', () => {
    const config = loadConfig({ MEDTECH_API_BASE_URL: 'https://alexapi.medtechglobal.com/FHIR/' });
    expect(config.launch.decodeUrl).toBe(
      'https://alexapi.medtechglobal.com/FHIR/vendorforms/api/getlaunchcontextstring',
    );
  });

  it('when MEDTECH_LAUNCH_DECODE_URL and LAUNCH_MAX_AGE_SECONDS are set, then they win', () => {
    const config = loadConfig({
      MEDTECH_LAUNCH_DECODE_URL: 'https://alexapi.medtechglobal.com/vendorforms/api/getlaunchcontextstring/',
      LAUNCH_MAX_AGE_SECONDS: '120',
    });
    expect(config.launch).toEqual({
      decodeUrl: 'https://alexapi.medtechglobal.com/vendorforms/api/getlaunchcontextstring',
      decodeUrlConfigured: true,
      maxAgeSeconds: 120,
    });
  });

  it('when the values are not a URL or not a positive number, then both are named', () => {
    expect(() =>
      loadConfig({ MEDTECH_LAUNCH_DECODE_URL: 'javascript:alert(1)', LAUNCH_MAX_AGE_SECONDS: '0' }),
    ).toThrow(
      /MEDTECH_LAUNCH_DECODE_URL[\s\S]*LAUNCH_MAX_AGE_SECONDS|LAUNCH_MAX_AGE_SECONDS[\s\S]*MEDTECH_LAUNCH_DECODE_URL/,
    );
  });

  it('when the emulator is embedded, then a default decode URL points at it and a configured one is kept', async () => {
    const logs = captureLogs('error');
    const moved = await startEmbeddedEmulator(loadConfig({ NODE_ENV: 'test' }), logs.logger);
    const kept = await startEmbeddedEmulator(
      loadConfig({ NODE_ENV: 'test', MEDTECH_LAUNCH_DECODE_URL: 'https://decode.example/x' }),
      logs.logger,
    );
    try {
      expect(moved.config.launch.decodeUrl).toBe(
        `${moved.emulator.fhirBaseUrl}/vendorforms/api/getlaunchcontextstring`,
      );
      expect(kept.config.launch.decodeUrl).toBe('https://decode.example/x');
    } finally {
      await moved.emulator.close();
      await kept.emulator.close();
    }
  });
});
