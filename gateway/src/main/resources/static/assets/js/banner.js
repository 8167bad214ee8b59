// The notification banner: how many followee activities are new, the latest of them in words, live over SSE.
//
// The count is the server's (unread-count, kept by the seen marker), so it survives reloads and other tabs.
// Live events bump it at once and then ask the server again, which also corrects a count that raced a reconnect.
import { h, replace, timeElement, compareInstants } from './dom.js';
import { api, session } from './api.js';
import { openEventStream } from './sse.js';
import { activityWords } from './words.js';

const LIST_SIZE = 20;

export function createBanner({ onUnauthorized }) {
  let count = 0;
  let since = null;
  let items = [];
  let open = false;
  let stream = null;
  let refreshTimer = null;

  const countBadge = h('span', { id: 'banner-count', class: 'count', text: '0' });
  const label = h('span', { class: 'banner-label', text: 'No new activity' });
  const toggle = h('button', {
    type: 'button', id: 'banner-toggle', class: 'banner-toggle', 'aria-expanded': 'false',
    'aria-controls': 'banner-panel',
  }, h('img', { class: 'bell', src: '/assets/bell.svg', alt: '', width: 18, height: 18 }), countBadge, label);
  const live = h('span', { class: 'live-dot', title: 'Connecting…', dataset: { status: 'connecting' } });
  const list = h('ol', { id: 'banner-list', class: 'activity-list' });
  const status = h('p', { class: 'banner-status', role: 'status' });
  const panel = h('section', { id: 'banner-panel', class: 'banner-panel', 'aria-label': 'Activity of members you follow' },
    h('header', {}, h('h2', { text: 'People you follow' }),
      h('button', { type: 'button', class: 'link-button', text: 'Close', onclick: () => setOpen(false) })),
    status, list);
  panel.hidden = true;
  const root = h('div', { id: 'banner', class: 'banner', dataset: { open: 'false' } }, toggle, live, panel);

  toggle.addEventListener('click', () => setOpen(!open));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && open) setOpen(false);
  });
  document.addEventListener('click', (event) => {
    if (open && !root.contains(event.target)) setOpen(false);
  });
  // following a link in the list closes the panel
  list.addEventListener('click', (event) => {
    if (event.target.closest('a')) setOpen(false);
  });

  function renderCount() {
    countBadge.textContent = String(count);
    root.dataset.unread = String(count);
    label.textContent = count === 0 ? 'No new activity' : count === 1 ? '1 new activity' : `${count} new activities`;
    toggle.setAttribute('aria-label', `${label.textContent} from people you follow`);
    toggle.classList.toggle('has-new', count > 0);
    document.title = count > 0 ? `(${count}) dailyfeed` : 'dailyfeed';
  }

  function renderList() {
    if (!items.length) {
      replace(list);
      if (!status.textContent) status.textContent = 'Nothing yet. Follow members to see what they do here.';
      return;
    }
    status.textContent = '';
    replace(list, items.map((activity) => h('li', {
      class: isUnread(activity) ? 'activity unread' : 'activity',
      dataset: { type: activity.type, eventId: activity.eventId },
    }, h('span', { class: 'words' }, activityWords(activity)), ' ', timeElement(activity.occurredAt))));
  }

  /** Unread for display: newer than the seen marker as it was when the panel opened. */
  let shownSince = null;
  function isUnread(activity) {
    return !shownSince || compareInstants(activity.occurredAt, shownSince) > 0;
  }

  async function refreshCount() {
    try {
      const unread = await api.unreadCount();
      count = unread.count;
      since = unread.since ?? since;
      if (open && count > 0) await markSeen();
      renderCount();
    } catch {
      // the next event or reconnect asks again; the last known count stays on screen
    }
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshCount, 300);
  }

  async function loadList() {
    status.textContent = 'Loading…';
    try {
      const page = await api.followingsActivities(LIST_SIZE);
      items = page.items;
      status.textContent = '';
    } catch (error) {
      status.textContent = error.detail || 'Could not load the activities.';
    }
    renderList();
  }

  async function markSeen() {
    const newest = items[0]?.occurredAt;
    if (!newest) return;
    if (since && compareInstants(newest, since) <= 0 && count === 0) return;
    try {
      await api.markSeen(newest);
      if (!since || compareInstants(newest, since) > 0) since = newest;
      count = 0;
      renderCount();
    } catch (error) {
      status.textContent = error.detail || 'Could not mark the activities as seen.';
    }
  }

  async function setOpen(value) {
    open = value;
    panel.hidden = !open;
    root.dataset.open = String(open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      shownSince = since;
      renderList();
      await loadList();
      if (open) await markSeen();
    }
  }

  function onActivity(data) {
    let activity;
    try {
      activity = JSON.parse(data);
    } catch {
      return;
    }
    if (items.some((known) => known.eventId === activity.eventId)) return;
    items = [activity, ...items]
      .sort((a, b) => compareInstants(b.occurredAt, a.occurredAt))
      .slice(0, LIST_SIZE);
    if (open) {
      renderList();
      markSeen();
    } else {
      if (!since || compareInstants(activity.occurredAt, since) > 0) {
        count += 1;
        renderCount();
      }
      scheduleRefresh();
    }
  }

  function setLive(value) {
    live.dataset.status = value;
    live.title = value === 'open' ? 'Live' : value === 'reconnecting' ? 'Reconnecting…' : 'Offline';
  }

  return {
    element: root,
    /** Starts for the logged-in member: the count now, then the live stream. */
    start() {
      renderCount();
      refreshCount();
      stream = openEventStream('/api/activities/followings/stream', {
        headers: () => (session.token ? { Authorization: `Bearer ${session.token}` } : null),
        onEvent: (name, data) => {
          if (name === 'activity') onActivity(data);
        },
        // whatever happened while disconnected is in the server's count and list
        onOpen: () => {
          refreshCount();
          if (open) loadList();
        },
        onStatus: setLive,
        onUnauthorized,
      });
    },
    stop() {
      stream?.close();
      stream = null;
      clearTimeout(refreshTimer);
      open = false;
      items = [];
      count = 0;
      since = null;
    },
  };
}
