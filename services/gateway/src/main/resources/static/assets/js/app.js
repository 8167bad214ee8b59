// The page: session, top bar with the notification banner, and hash routes
// (#/ home, #/members/{id}, #/posts/{id}) so the gateway only ever serves index.html.
import { h, replace } from './dom.js';
import { api, session, whenUnauthorized } from './api.js';
import { state, resetState } from './state.js';
import { createBanner } from './banner.js';
import { notice } from './components.js';
import { authView } from './views/auth.js';
import { homeView } from './views/home.js';
import { memberView } from './views/member.js';
import { postView } from './views/post.js';

const view = document.getElementById('view');
const bannerSlot = document.getElementById('banner-slot');
const sessionNav = document.getElementById('session');

let banner = null;
let authMessage = null;

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function logOut(message) {
  session.clear();
  banner?.stop();
  banner = null;
  resetState();
  authMessage = message || null;
  replace(bannerSlot);
  replace(sessionNav);
  navigate('#/');
}

whenUnauthorized(() => {
  if (state.me) logOut('Your session has ended. Please log in again.');
});

async function loggedIn(login) {
  session.save(login.accessToken, login.expiresIn);
  authMessage = null;
  await start();
}

/** With a token: who am I, then the banner and the page. */
async function start() {
  if (!session.token) {
    showSignedOut();
    return;
  }
  replace(view, notice('Loading…'));
  try {
    state.me = await api.me();
  } catch (error) {
    if (error.status === 401) {
      logOut('Your session has ended. Please log in again.');
      return;
    }
    replace(view, notice(error.detail, 'error'),
      h('button', { type: 'button', text: 'Try again', onclick: start }));
    return;
  }
  banner = createBanner({ onUnauthorized: () => logOut('Your session has ended. Please log in again.') });
  replace(bannerSlot, banner.element);
  replace(sessionNav,
    h('a', { id: 'me-link', href: `#/members/${state.me.id}`, class: 'me', title: 'Your page' },
      h('span', { class: 'handle', text: `@${state.me.handle}` })),
    h('button', { type: 'button', id: 'logout', class: 'secondary small', text: 'Log out', onclick: () => logOut('You are logged out.') }));
  banner.start();
  render();
}

function showSignedOut() {
  replace(bannerSlot);
  replace(sessionNav);
  replace(view, authView({ loggedIn, message: authMessage }));
}

function render() {
  if (!state.me) {
    if (!session.token) showSignedOut();
    return;
  }
  const hash = location.hash || '#/';
  let match;
  let page;
  if ((match = /^#\/members\/(\d+)$/.exec(hash))) page = memberView(match[1]);
  else if ((match = /^#\/posts\/(\d+)$/.exec(hash))) page = postView(match[1], { navigate });
  else if (hash === '#/' || hash === '#' || hash === '') page = homeView();
  else page = notice('There is no such page here.', 'error');
  replace(view, page);
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', render);
start();
