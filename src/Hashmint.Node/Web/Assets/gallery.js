// The gallery's filter form shows its result as soon as a choice changes (it still works with its button, and without
// JavaScript). Empty choices are left out of the address, so links stay short.
for (const form of document.querySelectorAll('form[data-autosubmit]')) {
  form.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', () => {
    for (const el of form.elements) if (el.name && el.value === '') el.disabled = true;
  });
  form.dataset.ready = 'yes'; // a choice made from now on submits (tests wait for it: the module loads after the page)
}
