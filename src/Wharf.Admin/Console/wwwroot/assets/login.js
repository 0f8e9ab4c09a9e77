// The sign-in form: POST /api/session, then the shell takes over with the session it answers.
import { call, ApiError } from './api.js';
import { h, clear } from './ui.js';

export function showLogin(view, onSignedIn, reason) {
  const user = h('input', { type: 'text', id: 'login-user', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', id: 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'notice bad', role: 'alert', hidden: !reason, text: reason ?? '' });
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const form = h('form', { class: 'panel login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', text: 'Sign in to Wharf Manager' }),
    message,
    h('label', { for: 'login-user', text: 'User name' }), user,
    h('label', { for: 'login-password', text: 'Password' }), password,
    submit);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    submit.disabled = true;
    message.hidden = true;
    try {
      const { body } = await call('POST', '/api/session', { body: { user: user.value.trim(), password: password.value } });
      password.value = '';
      onSignedIn(body);
    } catch (err) {
      message.textContent = err instanceof ApiError && err.status === 429
        ? 'Too many failed attempts; wait a while before trying again.'
        : err.message;
      message.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  clear(view, form);
  (user.value ? password : user).focus();
}
