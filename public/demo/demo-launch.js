/*
 * Demo page: "Open as from Medtech Evolution" (emulator mode only). Plays what a practice's
 * Evolution and the ClinicPro frontend do at a launch:
 *   1. POST /demo/launch: the gateway asks the embedded emulator to mint a signed launch for the
 *      picked seed patient (or none), as Evolution would, and gets its launch URL;
 *   2. the pair is read from that URL's query string as a frontend would (a `+` comes out as a
 *      space; the gateway mends it) and sent to POST /api/integrations/medtech/launch;
 *   3. the answer's banner (name, NHI, date of birth) is shown, and facility, patient, provider
 *      and encounter are filled in below.
 * It hooks into two functions of the page rather than editing them: after `loadConfig` it draws
 * its card, and `selectedPatient` answers the launched patient while its id is in the patient
 * field, so "Start phone session" sends the banner's name and NHI as patientDisplay and the
 * phone shows the same patient.
 *
 * DOM contract: [data-testid=launch-card]; launch-unavailable (shown without the emulator);
 * select launch-patient (value = patient index in config.patients, '' = no patient);
 * button launch-open; launch-result with launch-url, patient-banner (data-empty when none)
 * holding banner-name, banner-nhi, banner-dob (DD/MM/YYYY), banner-gender; launch-id, launch-encounter.
 */
(function () {
  'use strict';
  const core = window.DemoCore;
  const app = window.ClinicProDemo;
  const { el, state, make, api, showError, guarded } = app;

  /** A FHIR date as a New Zealander writes it: 12/03/1984; partial dates as they are. */
  function nzDate(fhirDate) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fhirDate || '');
    return match ? match[3] + '/' + match[2] + '/' + match[1] : fhirDate || 'unknown';
  }

  function renderCard() {
    const available = Boolean(state.config.emulatorLaunch);
    el('launch-unavailable').hidden = available;
    el('launch-controls').hidden = !available;
    if (!available) return;
    el('launch-patient').replaceChildren(
      ...(state.config.patients || []).map((p, i) =>
        make('option', { value: String(i), text: p.name + ' · ' + p.nhi + ' · ' + p.facilityId }),
      ),
      make('option', { value: '', text: '(no patient selected in Evolution)' }),
    );
  }

  async function openLaunch() {
    const index = el('launch-patient').value;
    const seed = index === '' ? null : state.config.patients[Number(index)] || null;
    const facilityId = seed ? seed.facilityId : (state.config.facilities || [])[0];
    const provider = (state.config.practitioners || [])[0];
    const minted = await fetch('/demo/launch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        facilityId: facilityId,
        patientId: seed ? seed.patientId : null,
        providerId: provider ? provider.id : null,
      }),
      cache: 'no-store',
    });
    const launch = await minted.json();
    if (!minted.ok) {
      showError({ code: 'EMULATOR_' + minted.status, message: JSON.stringify(launch) });
      return;
    }
    // What the frontend's launch route reads: URLSearchParams turns each `+` into a space.
    const query = new URL(launch.launchUrl).searchParams;
    const result = await api('POST', '/launch', {
      context: query.get('context'),
      signature: query.get('signature'),
    });
    if (!result.ok) {
      showError(core.readError(result.status, result.body));
      return;
    }
    state.launch = result.body;
    render(launch.launchUrl, result.body);
    prefill(result.body);
  }

  function render(launchUrl, answer) {
    const patient = answer.patient;
    el('launch-url').textContent = launchUrl;
    el('patient-banner').setAttribute('data-empty', String(!patient));
    el('banner-name').textContent = patient
      ? patient.name || '(no name in Medtech)'
      : 'No patient selected in Evolution';
    el('banner-nhi').textContent = patient ? patient.nhi || 'none' : '–';
    el('banner-dob').textContent = patient ? nzDate(patient.birthDate) : '–';
    el('banner-gender').textContent = patient && patient.gender ? patient.gender : '';
    el('launch-id').textContent = answer.launchId;
    el('launch-encounter').textContent = answer.encounterId;
    el('launch-result').hidden = false;
  }

  function prefill(answer) {
    const facility = el('facility-select');
    if (![...facility.options].some((option) => option.value === answer.facilityId)) {
      facility.append(make('option', { value: answer.facilityId, text: answer.facilityId }));
    }
    facility.value = answer.facilityId;
    el('patient-select').value = '';
    el('patient-id').value = answer.patientId || '';
    el('provider-id').value = answer.providerId || '';
    el('encounter-id').value = answer.encounterId;
  }

  const loadConfig = app.loadConfig;
  app.loadConfig = async function () {
    await loadConfig();
    renderCard();
  };

  const selectedPatient = app.selectedPatient;
  app.selectedPatient = function () {
    const launched = state.launch && state.launch.patient;
    if (launched && el('patient-id').value.trim() === launched.id) {
      // patientDisplay needs both; without them the phone shows no patient line rather than a wrong one.
      if (!launched.name || !launched.nhi) return null;
      return {
        facilityId: state.launch.facilityId,
        patientId: launched.id,
        name: launched.name,
        nhi: launched.nhi,
      };
    }
    return selectedPatient();
  };

  el('launch-open').addEventListener('click', () => guarded(openLaunch));
})();
