/**
 * The bare proxy bench:overhead compares the gateway with (QUALITY.md, "a proxied call's CPU
 * cost"): a minimal Express app that forwards the same Patient search with fetch. It checks no
 * key, validates and logs nothing. Plain CommonJS so it runs without a build.
 * Env: PORT, FHIR_BASE_URL, BEARER (a token for the emulator), FACILITY.
 */
/* global fetch, URLSearchParams */
const express = require('express');

const app = express();
const { PORT, FHIR_BASE_URL, BEARER, FACILITY } = process.env;
const NHI_SYSTEM = 'https://standards.digital.health.nz/ns/nhi-id';

app.get('/api/medtech/test', async (req, res) => {
  const query = new URLSearchParams({ identifier: `${NHI_SYSTEM}|${String(req.query.nhi)}` });
  const upstream = await fetch(`${FHIR_BASE_URL}/Patient?${query}`, {
    headers: {
      Authorization: `Bearer ${BEARER}`,
      'mt-facilityid': FACILITY,
      Accept: 'application/fhir+json',
    },
  });
  const bundle = await upstream.json();
  const patient = bundle.entry?.[0]?.resource;
  res.json({ ok: upstream.ok, patientFound: Boolean(patient), patientId: patient?.id ?? null });
});
app.get('/health/live', (_req, res) => res.json({ status: 'ok' }));
app.listen(Number(PORT), '127.0.0.1');
