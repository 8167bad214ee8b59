// Log in and sign up.
import { h } from '../dom.js';
import { api } from '../api.js';
import { field, formError, submitting } from '../forms.js';

/** `loggedIn(token)` is called with the login answer. */
export function authView({ loggedIn, message }) {
  const login = h('form', { id: 'login-form', class: 'card auth-form', novalidate: true },
    h('h2', { text: 'Log in' }),
    field('Handle', h('input', { name: 'handle', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    formError(),
    h('button', { type: 'submit', text: 'Log in' }));
  login.addEventListener('submit', (event) => {
    event.preventDefault();
    const { handle, password } = login.elements;
    submitting(login, async () => {
      loggedIn(await api.login(handle.value.trim(), password.value));
    });
  });

  const signUp = h('form', { id: 'signup-form', class: 'card auth-form', novalidate: true },
    h('h2', { text: 'New here? Sign up' }),
    field('Handle', h('input', { name: 'handle', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true }),
      h('p', { class: 'hint', text: '3–30 characters: a–z, 0–9 and _' })),
    field('Display name', h('input', { name: 'displayName', autocomplete: 'name', required: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true }),
      h('p', { class: 'hint', text: 'At least 8 characters' })),
    formError(),
    h('button', { type: 'submit', text: 'Sign up' }));
  signUp.addEventListener('submit', (event) => {
    event.preventDefault();
    const { handle, displayName, password } = signUp.elements;
    submitting(signUp, async () => {
      await api.signUp(handle.value.trim(), displayName.value, password.value);
      loggedIn(await api.login(handle.value.trim(), password.value));
    });
  });

  return h('div', { class: 'auth' },
    h('section', { class: 'intro' },
      h('h1', { text: 'dailyfeed' }),
      h('p', { text: 'Write posts, talk in comments, follow people — and see what they do as it happens.' }),
      message ? h('p', { class: 'notice info', role: 'status', text: message }) : null),
    h('div', { class: 'auth-forms' }, login, signUp));
}
