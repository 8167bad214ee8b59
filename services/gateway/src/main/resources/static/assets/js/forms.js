// Form fields whose API errors appear next to them.
import { h } from './dom.js';

/** A labelled input with a place for its error; `name` is the API's field name. */
export function field(label, input, hint) {
  const name = input.getAttribute('name');
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  input.id = id;
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field' },
    h('label', { for: id, text: label }),
    input,
    hint,
    h('p', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: name }, role: 'alert' }));
}

/** A place for errors that belong to no field (403, 404, 503, network). */
export function formError() {
  return h('p', { class: 'form-error', role: 'alert' });
}

/** Shows an ApiError: each `errors[]` message next to its field, the rest in the container's `.form-error`. */
export function showProblem(container, error) {
  clearProblems(container);
  const general = [];
  for (const { field: name, message } of error.errors || []) {
    const slot = name && container.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) {
      // "must be at most 5000 characters" reads better as "Post must be at most 5000 characters"
      const label = slot.closest('.field')?.querySelector('label')?.textContent;
      const text = label && /^[a-z]/.test(message) ? `${label} ${message}` : message;
      slot.textContent = slot.textContent ? `${slot.textContent}; ${text}` : text;
      container.querySelector(`[name="${CSS.escape(name)}"]`)?.setAttribute('aria-invalid', 'true');
    } else {
      general.push(name ? `${name}: ${message}` : message);
    }
  }
  if (!error.errors?.length) general.push(error.detail || 'Something went wrong.');
  const target = container.querySelector('.form-error');
  if (target && general.length) target.textContent = general.join(' ');
}

export function clearProblems(container) {
  container.querySelectorAll('.field-error, .form-error').forEach((slot) => { slot.textContent = ''; });
  container.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
}

/** Runs `action` with the form's buttons disabled; shows an ApiError it throws. True when it succeeded. */
export async function submitting(form, action) {
  const buttons = form.querySelectorAll('button');
  buttons.forEach((button) => { button.disabled = true; });
  clearProblems(form);
  try {
    await action();
    return true;
  } catch (error) {
    if (!(error instanceof Error) || error.status === undefined) console.error(error);
    showProblem(form, error);
    return false;
  } finally {
    buttons.forEach((button) => { button.disabled = false; });
  }
}

/** A textarea counter: "12 / 5000", marked when over. */
export function counter(textarea, max) {
  const output = h('span', { class: 'counter', 'aria-live': 'polite' });
  const update = () => {
    const length = Array.from(textarea.value).length;
    output.textContent = `${length} / ${max}`;
    output.classList.toggle('over', length > max);
  };
  textarea.addEventListener('input', update);
  update();
  return output;
}
