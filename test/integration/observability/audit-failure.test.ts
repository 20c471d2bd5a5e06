import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { assembleGateway } from '../../../src/bootstrap';
import { createMemoryStore } from '../../../src/stores/memory-store';
import { captureLogs } from '../../helpers/log-capture';
import { sampleValue } from '../../helpers/prometheus-text';
import { authHeader, testConfig } from '../../helpers/test-config';
import { MOBILE, PATIENT_NAME, PATIENT_NHI } from '../sessions/harness';

jest.setTimeout(60_000);

describe('when the audit trail cannot be written', () => {
  it('then the clinical action still succeeds, and the failure is logged, counted and shown in /health/ready', async () => {
    // A regular file where the audit directory should be: every append fails with ENOTDIR.
    const blocker = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'cpgw-audit-fail-')), 'not-a-dir');
    await fs.writeFile(blocker, 'x');
    const logs = captureLogs('error');
    const gateway = assembleGateway(testConfig({ AUDIT_DIR: path.join(blocker, 'audit') }), logs.logger, {
      store: createMemoryStore(),
      defaultMetrics: false,
    });
    try {
      const started = await request(gateway.app)
        .post(`${MOBILE}/initiate`)
        .set(authHeader)
        .send({
          facilityId: 'F2N060-E',
          patientId: 'pat-9',
          encounterId: 'enc-9',
          patientDisplay: { name: PATIENT_NAME, nhi: PATIENT_NHI },
        });
      expect(started.status).toBe(201);

      const ready = await request(gateway.app).get('/health/ready');
      expect(ready.body.checks.audit).toMatchObject({ ok: false });
      const metrics = await request(gateway.app).get('/metrics').set(authHeader);
      expect(sampleValue(metrics.text, 'audit_write_failures_total')).toBe(1);
      const failure = logs.lines().find((line) => line.message === 'audit write failed');
      expect(failure).toMatchObject({ action: 'session.create' });
      expect(logs.text()).not.toContain('pat-9');
      expect(logs.text()).not.toContain(PATIENT_NHI);
    } finally {
      await gateway.close();
      await gateway.store.close();
    }
  });
});
