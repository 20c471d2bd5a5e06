import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from './support/process-tools';

/**
 * scripts/smoke.sh against a small stand-in server that answers the five paths it checks, so the
 * script's own logic (auth header, verdict lines, exit code, secrecy) is proven without the gateway.
 */
const SMOKE = path.join(PROJECT_ROOT, 'scripts', 'smoke.sh');
const API_KEY = 'smoke-test-key-0123456789abcdefghijkl';

interface Seen {
  path: string;
  authorization: string | undefined;
}

let server: http.Server;
let baseUrl: string;
let seen: Seen[];
let failingPath: string | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const known = [
      '/health/live',
      '/health/ready',
      '/api/medtech/token-info',
      '/api/medtech/test',
      '/api/integrations/medtech/capabilities',
    ];
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname.startsWith('/api/') && req.headers.authorization !== `Bearer ${API_KEY}`) {
      res.writeHead(401).end('{"error":{"code":"UNAUTHENTICATED"}}');
    } else if (url.pathname === failingPath) {
      res.writeHead(502).end('{"error":{"code":"ALEX_AUTH_FAILED","message":"x","retryable":false}}');
    } else if (known.includes(url.pathname)) {
      res.writeHead(200).end('{"ok":true,"patientId":"patient-id-not-to-print"}');
    } else {
      res.writeHead(404).end('{"error":{"code":"NOT_FOUND"}}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  failingPath = undefined;
});

function runSmoke(env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'bash',
      [SMOKE],
      { env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const verdicts = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => /^(PASS|FAIL) /.test(line))
    .map((line) => line.split(/\s+/).slice(0, 3).join(' '));

describe('scripts/smoke.sh', () => {
  it('when every check answers 200, then it prints five PASS lines and exits 0', async () => {
    const result = await runSmoke({ BASE_URL: `${baseUrl}/`, API_KEY });

    expect(result.code).toBe(0);
    expect(verdicts(result.stdout)).toEqual([
      'PASS health-live 200',
      'PASS health-ready 200',
      'PASS token-info 200',
      'PASS medtech-test 200',
      'PASS capabilities 200',
    ]);
    expect(result.stdout).toMatch(/^PASS health-live +200 \d+ms$/m);
    expect(seen.map((request) => request.path)).toContain(
      '/api/medtech/test?facilityId=F2N060-E&nhi=ZZZ0016',
    );
    expect(seen.filter((request) => request.path.startsWith('/api/')).map((r) => r.authorization)).toEqual([
      `Bearer ${API_KEY}`,
      `Bearer ${API_KEY}`,
      `Bearer ${API_KEY}`,
    ]);
    expect(seen.filter((request) => request.path.startsWith('/health/')).map((r) => r.authorization)).toEqual(
      [undefined, undefined],
    );
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
    expect(result.stdout + result.stderr).not.toContain('patient-id-not-to-print');
  });

  it('when one check fails, then it prints that FAIL line with the error code and exits non-zero', async () => {
    failingPath = '/api/medtech/token-info';

    const result = await runSmoke({ BASE_URL: baseUrl, API_KEY, FACILITY_ID: 'F9X999-Z', NHI: 'ABC1234' });

    expect(result.code).not.toBe(0);
    expect(verdicts(result.stdout)).toEqual([
      'PASS health-live 200',
      'PASS health-ready 200',
      'FAIL token-info 502',
      'PASS medtech-test 200',
      'PASS capabilities 200',
    ]);
    expect(result.stdout).toMatch(/^FAIL token-info +502 \d+ms ALEX_AUTH_FAILED$/m);
    expect(seen.map((request) => request.path)).toContain(
      '/api/medtech/test?facilityId=F9X999-Z&nhi=ABC1234',
    );
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
  });

  it('when nothing listens at BASE_URL, then every check fails and it exits non-zero', async () => {
    const result = await runSmoke({ BASE_URL: 'http://127.0.0.1:1', API_KEY });

    expect(result.code).not.toBe(0);
    expect(verdicts(result.stdout)).toHaveLength(5);
    expect(verdicts(result.stdout).every((line) => line.startsWith('FAIL ') && line.endsWith(' 000'))).toBe(
      true,
    );
    expect(result.stdout).toMatch(/^FAIL health-live +000 \d+ms connection refused$/m);
  });

  it('when API_KEY is not set, then it refuses to run and says why', async () => {
    const result = await runSmoke({ BASE_URL: baseUrl });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('API_KEY');
    expect(seen).toEqual([]);
  });
});
