/*
 * Demo page: the metadata form of each ready file (include, title, label, coded pickers, inbox
 * and task) and the Commit button that counts the included files.
 */
(function () {
  'use strict';
  const core = window.DemoCore;
  const app = window.ClinicProDemo;
  const { el, state, make } = app;

  function select(testid, list, placeholder) {
    return make('select', { testid }, [
      make('option', { value: '', text: placeholder }),
      ...list.map((c) => make('option', { value: c.code, text: c.display })),
    ]);
  }

  function field(labelText, control) {
    return make('label', { class: 'field' }, [make('span', { text: labelText }), control]);
  }

  const named = () => ((state.config && state.config.practitioners) || []).length > 0;

  function buildForm(entry) {
    const chips = core.chipsOf(state.capabilities);
    const f = {
      include: make('input', { type: 'checkbox', testid: 'file-include', checked: true }),
      title: make('input', { type: 'text', testid: 'meta-title', value: 'Clinical photo ' + entry.label }),
      label: make('input', { type: 'text', testid: 'meta-label', value: entry.label }),
      bodySite: select('meta-body-site', chips.bodySitesCommon, '(no body site)'),
      laterality: select('meta-laterality', chips.laterality, '(no laterality)'),
      view: select('meta-view', chips.views, '(no view)'),
      type: select('meta-type', chips.types, '(no type)'),
      inbox: make('input', { type: 'checkbox', testid: 'also-inbox' }),
      inboxRecipient: app.practitionerPicker('inbox-recipient', 1),
      inboxNote: make('input', { type: 'text', testid: 'inbox-note', value: 'Please review' }),
      task: make('input', { type: 'checkbox', testid: 'also-task' }),
      taskAssignee: app.practitionerPicker('task-assignee', 0),
      taskDue: make('input', { type: 'date', testid: 'task-due' }),
      taskNote: make('input', { type: 'text', testid: 'task-note', value: 'Follow up' }),
    };
    const inboxBox = make('div', { class: 'sub', hidden: true }, [
      field(named() ? 'Recipient' : 'Recipient practitioner id', f.inboxRecipient),
      field('Note', f.inboxNote),
    ]);
    const taskBox = make('div', { class: 'sub', hidden: true }, [
      field(named() ? 'Assignee' : 'Assignee practitioner id', f.taskAssignee),
      field('Due', f.taskDue),
      field('Note', f.taskNote),
    ]);
    f.inbox.addEventListener('change', () => (inboxBox.hidden = !f.inbox.checked));
    f.task.addEventListener('change', () => (taskBox.hidden = !f.task.checked));
    f.include.addEventListener('change', renderCommitButton);
    f.includeText = document.createTextNode(' Include in commit');
    f.fieldset = make('fieldset', { class: 'meta' }, [
      make('legend', { text: 'Metadata for photo ' + entry.label }),
      make('label', { class: 'check' }, [f.include, f.includeText]),
      make('div', { class: 'grid' }, [
        field('Title', f.title),
        field('Label', f.label),
        field('Body site', f.bodySite),
        field('Laterality', f.laterality),
        field('View', f.view),
        field('Type', f.type),
      ]),
      make('label', { class: 'check' }, [f.inbox, document.createTextNode(' Also send to inbox')]),
      inboxBox,
      make('label', { class: 'check' }, [f.task, document.createTextNode(' Also create a task')]),
      taskBox,
    ]);
    entry.details.append(f.fieldset);
    return f;
  }

  function formValues(f) {
    return {
      title: f.title.value,
      label: f.label.value,
      bodySite: f.bodySite.value,
      laterality: f.laterality.value,
      view: f.view.value,
      type: f.type.value,
      inbox: { enabled: f.inbox.checked, recipientId: f.inboxRecipient.value, note: f.inboxNote.value },
      task: {
        enabled: f.task.checked,
        assigneeId: f.taskAssignee.value,
        due: f.taskDue.value,
        note: f.taskNote.value,
      },
    };
  }

  function includedFiles() {
    return [...state.files.values()].filter(
      (e) => e.form && e.data.status === 'ready' && e.form.include.checked,
    );
  }

  function renderCommitButton() {
    const count = includedFiles().length;
    el('commit').disabled = count === 0;
    el('commit').textContent =
      count === 0 ? 'Commit' : 'Commit ' + count + (count === 1 ? ' photo' : ' photos');
  }

  Object.assign(app, {
    buildForm: buildForm,
    formValues: formValues,
    includedFiles: includedFiles,
    renderCommitButton: renderCommitButton,
  });
})();
