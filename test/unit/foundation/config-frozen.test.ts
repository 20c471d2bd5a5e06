import { loadConfig, type Config } from '../../../src/config';

function everyObjectIn(value: unknown, path = 'config'): Array<[string, object]> {
  if (value === null || typeof value !== 'object') return [];
  return [
    [path, value],
    ...Object.entries(value).flatMap(([key, inner]) => everyObjectIn(inner, `${path}.${key}`)),
  ];
}

describe('loadConfig result is immutable', () => {
  const config = loadConfig({ CORS_ORIGINS: 'https://app.clinicpro.co.nz' }) as Config;

  it('when the config is walked, then every nested object and array is frozen', () => {
    const objects = everyObjectIn(config);

    expect(objects.length).toBeGreaterThan(8);
    const unfrozen = objects.filter(([, value]) => !Object.isFrozen(value)).map(([path]) => path);
    expect(unfrozen).toEqual([]);
  });

  it('when code assigns a top-level value, then it throws in strict mode and nothing changes', () => {
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(3000);
  });

  it('when code assigns a nested value, then it throws and nothing changes', () => {
    expect(() => {
      (config.store as { kind: string }).kind = 'redis';
    }).toThrow(TypeError);
    expect(config.store.kind).toBe('memory');
  });

  it('when code pushes onto a list (API keys, origins), then it throws and the list is unchanged', () => {
    expect(() => (config.auth.apiKeys as string[]).push('attacker-key-000000000000000000000')).toThrow(
      TypeError,
    );
    expect(() => (config.corsOrigins as string[]).push('*')).toThrow(TypeError);
    expect(config.corsOrigins).toEqual(['https://app.clinicpro.co.nz']);
  });
});
