// The notification banner: how many followee activities are new, the latest of them in words, live over SSE.
//
// The count is the server's (unread-count, kept by the seen marker), so it survives reloads and other tabs.
// Live events bump it at once and then ask the server again, which also corrects a count that raced a reconnect.
// The stream's contract is docs/live-stream.md: after a reconnect the server replays the missed activities (so the
// list keeps one line per activity id), `withdrawn` blanks the text of activities about deleted posts and comments,
// `seen` says the seen marker moved in another tab, `reload` says the list and count must be read again.
import { h, replace, timeElement, compareInstants } from './dom.js';
import { api, session } from './api.js';
import { openEventStream } from './sse.js';
import { activityWords, isWithdrawn } from './words.js';
import { forgetPost } from './state.js';

const LIST_SIZE = 20;

export function createBanner({ onUnauthorized }) {
  let count = 0;
  let since = null;
  let items = [];
  let open = false;
  let stream = null;
  let refreshTimer = null;
  /** Activity ids whose text was withdrawn: applied to every list read later too, which may predate the withdrawal. */
  const withdrawnIds = new Set();
  /** One array per list read in flight, collecting the live activities that arrive meanwhile. */
  const pendingLoads = new Set();

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
    replace(list, items.map(line));
  }

  function line(activity) {
    const classes = ['activity'];
    if (isUnread(activity)) classes.push('unread');
    if (isWithdrawn(activity)) classes.push('withdrawn');
    const dataset = { type: activity.type, eventId: activity.eventId };
    if (activity.id != null) dataset.activityId = activity.id;
    return h('li', { class: classes.join(' '), dataset },
      h('span', { class: 'words' }, activityWords(activity)), ' ', timeElement(activity.occurredAt));
  }

  /** One line per activity: a replayed or re-read activity does not show twice. */
  function keyOf(activity) {
    return activity.id != null ? String(activity.id) : `event:${activity.eventId}`;
  }

  /** As the feed orders it: newest first, then the higher id. */
  function newestFirst(a, b) {
    return compareInstants(b.occurredAt, a.occurredAt) || Number(b.id) - Number(a.id) || 0;
  }

  function withdrawnIfSo(activity) {
    return withdrawnIds.has(keyOf(activity)) && !activity.withdrawn ? { ...activity, summary: '', withdrawn: true } : activity;
  }

  /**
   * Merges activities into a list: one per id (of two, the one in `incoming` wins), withdrawn text blanked even
   * where the server's copy predates the withdrawal, newest first, at most LIST_SIZE.
   */
  function merge(base, incoming) {
    const byKey = new Map();
    for (const activity of [...base, ...incoming]) byKey.set(keyOf(activity), withdrawnIfSo(activity));
    return [...byKey.values()].sort(newestFirst).slice(0, LIST_SIZE);
  }

  /**
   * "New" goes by arrival, not by when it happened: an activity is new when it arrived at or after the seen marker
   * (as it was when the panel opened), so one that arrives late is still new.
   */
  let shownSince = null;
  function isNew(activity, marker) {
    return !marker || compareInstants(activity.arrivedAt ?? activity.occurredAt, marker) >= 0;
  }
  function isUnread(activity) {
    return isNew(activity, shownSince);
  }

  /**
   * The server's count. With the panel open, whatever has arrived is on screen or on its way over the stream (which
   * delivers every activity, in order, also after a reconnect), so it is marked seen up to now; the server stops the
   * marker before anything still being stored.
   */
  async function refreshCount() {
    try {
      await readCount();
      if (open && count > 0) {
        await api.markSeen();
        await readCount();
      }
    } catch {
      // the next event or reconnect asks again; the last known count stays on screen
    }
  }

  async function readCount() {
    const unread = await api.unreadCount();
    count = unread.count;
    since = unread.since ?? since;
    renderCount();
    return unread;
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshCount, 300);
  }

  async function loadList() {
    status.textContent = 'Loading…';
    const arrived = [];
    pendingLoads.add(arrived);
    try {
      const page = await api.followingsActivities(LIST_SIZE);
      // what arrived live while the page was on its way may not be in it yet
      items = merge(page.items, arrived);
      status.textContent = '';
    } catch (error) {
      status.textContent = error.detail || 'Could not load the activities.';
    } finally {
      pendingLoads.delete(arrived);
    }
    renderList();
  }

  /**
   * Reads the list, then marks seen up to `asOf`, the instant the count was read at: everything that arrived before
   * it is in the list just read, so nothing is marked seen that was not shown. The server may stop the marker a
   * little earlier (a store still in progress); what lies after it stays new.
   */
  async function showAndMarkSeen(asOf) {
    await loadList();
    if (!open || !asOf) return;
    try {
      await api.markSeen(asOf);
      await readCount();
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
      try {
        const unread = await readCount();
        await showAndMarkSeen(unread.asOf);
      } catch {
        await loadList(); // the count could not be read: show the list, mark nothing
      }
    }
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch {
      return null;
    }
  }

  function onActivity(data) {
    const activity = parse(data);
    if (!activity) return;
    pendingLoads.forEach((arrived) => arrived.push(activity));
    // a line the list has already (read from the feed, or live before a reconnect's replay) is not news
    if (items.some((known) => keyOf(known) === keyOf(activity))) return;
    items = merge(items, [activity]);
    if (open) {
      renderList();
    } else if (isNew(activity, since)) {
      count += 1;
      renderCount();
    }
    scheduleRefresh();
  }

  /** Lines quoting a deleted post or comment lose the quote where they stand; the list is not re-read. */
  function onWithdrawn(data) {
    const ids = parse(data)?.activityIds;
    if (!Array.isArray(ids)) return;
    ids.forEach((id) => withdrawnIds.add(String(id)));
    items = items.map((activity) => {
      const updated = withdrawnIfSo(activity);
      if (updated === activity) return activity;
      if (activity.postId != null) forgetPost(activity.postId); // its title may be gone too: ask again
      const shown = list.querySelector(`li[data-activity-id="${CSS.escape(keyOf(activity))}"]`);
      if (shown) shown.replaceWith(line(updated));
      return updated;
    });
  }

  /** The seen marker moved (here or in another tab or device): the count is the server's again. */
  function onSeen(data) {
    const until = parse(data)?.until;
    if (until && (!since || compareInstants(until, since) > 0)) since = until;
    refreshCount();
  }

  function onStreamEvent(name, data) {
    if (name === 'activity') onActivity(data);
    else if (name === 'withdrawn') onWithdrawn(data);
    else if (name === 'seen') onSeen(data);
    else if (name === 'reload') {
      // the server cannot replay everything missed: read the list and the count again
      refreshCount();
      loadList();
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
        onEvent: onStreamEvent,
        onOpen: (resumed) => {
          if (resumed) {
            // the server replays the missed activities first; a moved seen marker is not replayed, so the count is
            // asked again once the replay has settled (each replayed activity postpones it)
            scheduleRefresh();
            return;
          }
          // nothing to resume from: whatever happened while disconnected is in the server's count and list
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
      withdrawnIds.clear();
      pendingLoads.clear();
      count = 0;
      since = null;
    },
  };
}
