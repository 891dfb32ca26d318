// The site's forms (layouts/partials/forms.html): with this script a form
// that is sent with a mistake shows an error summary at its top, each
// problem a link to its field, and marks the fields; the summary takes the
// focus so that a screen reader reads it at once. Without the script the
// browser's own validation stands (the fields carry required and type).
// Every word comes from the form's data attributes, in the page's language.
for (const form of document.querySelectorAll('form.site-form')) {
  const summary = form.querySelector('.error-summary');
  const list = summary.querySelector('ul');
  form.noValidate = true;

  form.addEventListener('submit', (event) => {
    const problems = check(form);
    show(form, summary, list, problems);
    if (problems.length > 0) {
      event.preventDefault();
      summary.hidden = false;
      summary.focus();
    }
  });
  // A field that is put right loses its mark as soon as it is valid.
  form.addEventListener('change', () => {
    if (!summary.hidden) mark(form, check(form));
  });
}

// check returns the form's problems in document order: one per field, and
// one per radio or checkbox group.
function check(form) {
  const d = form.dataset;
  const text = (tmpl, label) => tmpl.replace('%s', label);
  const problems = [];
  const groups = new Set();
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.closest('[hidden]')) continue;
    const group = el.closest('fieldset[data-required-group], fieldset[data-required-one]');
    if (group) {
      if (groups.has(group)) continue;
      groups.add(group);
      const checked = group.querySelector('input:checked');
      if (!checked) {
        const one = group.hasAttribute('data-required-one');
        problems.push({ target: group.querySelector('input'), mark: group,
          message: text(one ? d.errorChooseOne : d.errorChoose, group.dataset.label) });
      }
      continue;
    }
    if (!el.willValidate || el.validity.valid) continue;
    let tmpl = d.errorMissing;
    if (el.type === 'checkbox') tmpl = d.errorConsent;
    else if (el.type === 'email' && !el.validity.valueMissing) tmpl = d.errorEmail;
    problems.push({ target: el, mark: el, message: text(tmpl, el.dataset.label) });
  }
  return problems;
}

// show writes the summary's list of problems and marks their fields.
function show(form, summary, list, problems) {
  list.replaceChildren(...problems.map((p) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#' + p.target.id;
    a.textContent = p.message;
    a.addEventListener('click', (event) => {
      event.preventDefault();
      p.target.focus();
    });
    // Enter on the link: the field takes the focus on keydown, and the
    // key is used up, so that its keypress does not land in the field and
    // send the form again (implicit submission).
    a.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      p.target.focus();
    });
    li.append(a);
    return li;
  }));
  if (problems.length === 0) summary.hidden = true;
  mark(form, problems);
}

// mark sets aria-invalid on the fields and groups with a problem and
// writes each problem under its field's label, where a reader who tabs
// back to the field hears it (aria-describedby).
function mark(form, problems) {
  const errors = new Set();
  for (const old of form.querySelectorAll('.field-error')) {
    errors.add(old.id);
    old.remove();
  }
  for (const el of form.querySelectorAll('[aria-describedby]')) {
    const ids = el.getAttribute('aria-describedby').split(' ').filter((id) => !errors.has(id));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const p of problems) {
    const err = document.createElement('p');
    err.className = 'field-error';
    err.id = p.target.id + '-error';
    err.textContent = p.message;
    if (p.mark.tagName === 'FIELDSET') {
      p.mark.querySelector('legend').after(err);
      // Radios and checkboxes: the group is what is wrong, and each of its
      // inputs says so.
      for (const input of p.mark.querySelectorAll('input')) describe(input, err.id);
    } else {
      const label = form.querySelector('label[for="' + p.target.id + '"]');
      (label.closest('.choice') || label).after(err);
      describe(p.target, err.id);
    }
  }
}

function describe(el, id) {
  const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!ids.includes(id)) el.setAttribute('aria-describedby', [id, ...ids].join(' '));
  el.setAttribute('aria-invalid', 'true');
}
