/*
 * Demo page: practitioners picked by name. With the practitioner list of /demo/config.json
 * (the emulator's Practitioner resources in emulator mode) provider, inbox recipient and task
 * assignee are <select>s of names whose values are the ids; without one (live ALEX) they stay
 * text inputs for ids. Needs demo-base.js first.
 */
(function () {
  'use strict';
  const app = window.ClinicProDemo;
  const { state, make } = app;

  function practitioners() {
    return (state.config && state.config.practitioners) || [];
  }

  /** A control for a practitioner id with `testid`: names to pick from, or a text box for an id. */
  function practitionerPicker(testid, preferredIndex) {
    const list = practitioners();
    if (list.length === 0) return make('input', { type: 'text', testid, autocomplete: 'off' });
    const picker = make(
      'select',
      { testid },
      list.map((p) => make('option', { value: p.id, text: p.name })),
    );
    picker.value = list[Math.min(preferredIndex || 0, list.length - 1)].id;
    return picker;
  }

  /** Swaps the static provider text box for a name picker once the config names practitioners. */
  function upgradeProviderField() {
    const current = app.el('provider-id');
    if (practitioners().length === 0 || current.tagName === 'SELECT') return;
    const picker = practitionerPicker('provider-id', 0);
    picker.id = 'provider-id';
    current.replaceWith(picker);
    const label = picker.closest('label');
    if (label && label.firstElementChild) label.firstElementChild.textContent = 'Provider (committing GP)';
  }

  Object.assign(app, { practitionerPicker: practitionerPicker, upgradeProviderField: upgradeProviderField });
})();
