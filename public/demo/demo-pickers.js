/*
 * Demo page: the config-driven pickers (key hint, facility, test patient, practitioners) and the
 * capabilities with their quick chips.
 */
(function () {
  'use strict';
  const core = window.DemoCore;
  const app = window.ClinicProDemo;
  const { el, state, make, api, showError } = app;

  async function loadConfig() {
    try {
      const response = await fetch('/demo/config.json', { cache: 'no-store' });
      if (response.ok) state.config = Object.assign(state.config, await response.json());
    } catch (_ignored) {
      // The page still works with a typed key and typed ids.
    }
    if (state.config.apiKeyHint && !el('api-key').value) el('api-key').value = state.config.apiKeyHint;
    const facilities = new Set(state.config.facilities || []);
    for (const p of state.config.patients || []) facilities.add(p.facilityId);
    el('facility-select').replaceChildren(
      ...[...facilities].map((f) => make('option', { value: f, text: f })),
    );
    el('patient-select').replaceChildren(
      make('option', { value: '', text: '(type a patient id)' }),
      ...(state.config.patients || []).map((p, i) =>
        make('option', { value: String(i), text: p.name + ' · ' + p.nhi + ' · ' + p.facilityId }),
      ),
    );
    el('practitioners').replaceChildren(
      ...(state.config.practitioners || []).map((p) => make('option', { value: p.id, text: p.name })),
    );
    const first = (state.config.practitioners || [])[0];
    if (first && !el('provider-id').value) el('provider-id').value = first.id;
    app.upgradeProviderField();
    if ((state.config.patients || []).length > 0) {
      el('patient-select').value = '0';
      onPatientPicked();
    }
  }

  function onPatientPicked() {
    const patient = selectedPatient();
    if (!patient) return;
    el('patient-id').value = patient.patientId;
    el('facility-select').value = patient.facilityId;
  }

  function selectedPatient() {
    const index = el('patient-select').value;
    return index === '' ? null : state.config.patients[Number(index)] || null;
  }

  async function loadCapabilities() {
    const result = await api('GET', '/capabilities');
    if (!result.ok) {
      showError(core.readError(result.status, result.body));
      return false;
    }
    state.capabilities = result.body;
    renderCapabilities();
    return true;
  }

  function renderCapabilities() {
    const caps = state.capabilities;
    const chips = core.chipsOf(caps);
    const groups = [
      ['laterality', 'Laterality'],
      ['bodySitesCommon', 'Body sites'],
      ['views', 'Views'],
      ['types', 'Image types'],
    ].map(([key, title]) =>
      make('div', { class: 'chip-group' }, [
        make('h3', { text: title }),
        make(
          'ul',
          { class: 'chips' },
          chips[key].map((c) =>
            make(
              'li',
              {
                // A tag in a list, not a button: tagging happens in each photo's form.
                class: 'chip',
                testid: 'chip',
                'data-group': key,
                'data-code': c.code,
                title: c.system + '|' + c.code,
              },
              [document.createTextNode(c.display + ' '), make('small', { text: c.code })],
            ),
          ),
        ),
      ]),
    );
    const provider = (caps && caps.provider) || {};
    const box = el('capabilities');
    box.replaceChildren(
      make('p', { text: 'Provider ' + (provider.name || '?') + ' · ' + (provider.environment || '?') }),
      ...groups,
    );
    // Folded away: the clinician needs the tags in each photo's form, not the dictionary dump.
    el('capabilities-details').hidden = false;
  }

  Object.assign(app, {
    loadConfig: loadConfig,
    onPatientPicked: onPatientPicked,
    selectedPatient: selectedPatient,
    loadCapabilities: loadCapabilities,
  });
})();
