// The frame around every page: who is signed in, the navigation, and which page is shown (#/id).
import { call, useSession, whenSignedOut, whoAmI, ApiError } from './api.js';
import { h, clear, toast } from './ui.js';
import { showLogin } from './login.js';
import pages from './pages.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const navToggle = document.getElementById('nav-toggle');
const account = document.getElementById('account');
const signOut = document.getElementById('sign-out');
let session = null;
let stopPage = null;

document.getElementById('host').textContent = location.host;

function currentId() {
  const id = location.hash.replace(/^#\/?/, '').split('/')[0];
  return pages.some(p => p.id === id) ? id : pages[0].id;
}

function buildNav() {
  clear(nav, pages.map(p => h('a', { href: `#/${p.id}`, 'data-page': p.id, text: p.title })));
  nav.hidden = false;
}

let shown = 0;

async function show() {
  if (!session) return;
  stopPage?.();
  stopPage = null;
  const turn = ++shown;
  const page = pages.find(p => p.id === currentId());
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === page.id) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  nav.classList.remove('open');
  navToggle.setAttribute('aria-expanded', 'false');
  document.title = `${page.title} - Wharf Manager`;
  const view = h('div', { class: 'page', 'data-page': page.id });
  clear(main, view);
  try {
    const module = await page.load();
    // Another page was asked for while this one loaded, or the session ended: it has the view now.
    if (turn !== shown || !session) return;
    stopPage = module.default.render(view, { session }) ?? null;
  } catch (e) {
    clear(view, h('p', { class: 'notice bad', text: `This page failed: ${e.message}` }));
  }
}

function signedIn(s) {
  session = s;
  useSession(s);
  account.textContent = s.role === 'read' ? `${s.user} (read only)` : s.user;
  account.hidden = false;
  // A local caller (admin.sock) has no session to end.
  signOut.hidden = !s.csrf;
  buildNav();
  show();
}

function signedOut(reason) {
  stopPage?.();
  stopPage = null;
  session = null;
  useSession(null);
  account.hidden = true;
  signOut.hidden = true;
  nav.hidden = true;
  document.title = 'Sign in - Wharf Manager';
  showLogin(main, signedIn, reason);
}

whenSignedOut(() => { if (session) signedOut('Your session has ended; sign in again.'); });
window.addEventListener('hashchange', show);
navToggle.addEventListener('click', () => {
  const open = nav.classList.toggle('open');
  navToggle.setAttribute('aria-expanded', String(open));
});
document.addEventListener('keydown', e => {
  if (e.key === 'Escape' && nav.classList.contains('open')) { nav.classList.remove('open'); navToggle.focus(); }
});
signOut.addEventListener('click', async () => {
  try { await call('DELETE', '/api/session'); } catch (e) { if (!(e instanceof ApiError && e.status === 401)) toast(e.message, 'bad'); }
  signedOut();
});

async function start() {
  try {
    // Through run/admin.sock (an administrator's tunnel) the socket's peer is signed in already.
    signedIn(await whoAmI());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      signedOut();
    } else {
      clear(main, h('p', { class: 'notice bad', text: `The admin service did not answer: ${e.message}` }));
    }
  }
}

start();
