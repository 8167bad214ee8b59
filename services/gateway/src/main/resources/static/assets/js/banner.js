// The notification banner: how many followee activities are new, what they did in words (grouped), live over SSE,
// and "About you": what anyone did with the reader's posts and comments, and who followed them.
//
// The count is the server's (unread-count, kept by the seen marker): a count of activities, not of lines, so it
// survives reloads and other tabs. Live events bump it at once and then ask the server again, which also corrects a
// count that raced a reconnect.
// The list is the grouped feed: one line per type, target and UTC day ("bob, carol and 3 others liked 'Hike'"). Each
// live activity names its group (`groupKey`); the banner reads that group again — for a like or follow also its
// counterpart, the unlikes or unfollows of the same target and day, since an unlike undoes a like — and puts it where
// it now belongs, or drops it when the server has no such group any more (404).
// The stream's contract is docs/live-stream.md: after a reconnect the server replays the missed activities (an
// activity seen once is not counted twice), `withdrawn` blanks the text of activities about deleted posts and
// comments, `seen` says the seen marker moved in another tab, `reload` says the list and count must be read again.
import { h, replace, timeElement, compareInstants } from './dom.js';
import { api, session } from './api.js';
import { openEventStream } from './sse.js';
import { activityWords, aboutMeWords, groupWords, isWithdrawn } from './words.js';
import { forgetPost } from './state.js';
import { moreButton } from './components.js';

const LIST_SIZE = 20;
/** How many live activities the banner remembers: to count a replayed one once, and to find a withdrawn one's group. */
const REMEMBERED = 2000;

/** The type whose activities undo this type's, or that this type's undo (same target, same day). */
const COUNTERPARTS = {
  POST_LIKED: 'POST_UNLIKED',
  POST_UNLIKED: 'POST_LIKED',
  COMMENT_LIKED: 'COMMENT_UNLIKED',
  COMMENT_UNLIKED: 'COMMENT_LIKED',
  MEMBER_FOLLOWED: 'MEMBER_UNFOLLOWED',
  MEMBER_UNFOLLOWED: 'MEMBER_FOLLOWED',
};

/** The groups a live activity may have changed: its own, and for an (un)like or (un)follow the counterpart's. */
function groupKeysOf(activity) {
  const key = activity.groupKey;
  const other = COUNTERPARTS[activity.type];
  return other && key.startsWith(`${activity.type}-`) ? [key, other + key.slice(activity.type.length)] : [key];
}

/** One activity: a remembered id, also for the stream's activities without one. */
function activityKey(activity) {
  return activity.id != null ? String(activity.id) : `event:${activity.eventId}`;
}

/** As the grouped feed orders them: the newest activity first, then by key. */
function newestFirst(a, b) {
  return compareInstants(b.latestAt, a.latestAt) || (a.groupKey < b.groupKey ? 1 : a.groupKey > b.groupKey ? -1 : 0);
}

export function createBanner({ onUnauthorized }) {
  let count = 0;
  let since = null;
  let groups = [];
  let open = false;
  let stream = null;
  let refreshTimer = null;
  /** The group of each activity that came over the stream, by activity id (the oldest forgotten first). */
  const liveGroups = new Map();
  /** Groups that got an activity over the stream that is new since the panel opened. */
  const freshKeys = new Set();
  /** Groups whose activities are listed under their line. */
  const expanded = new Set();
  /** The list read in flight ({promise, again, arrived}): one at a time, again if asked meanwhile. */
  let listRead = null;
  /** The group reads in flight, by key ({again}): one per group at a time, again if asked meanwhile. */
  const groupReads = new Map();
  /** The line shown for each group, reused while the group is unchanged (an expanded line stays expanded). */
  let lines = new Map();
  /** The seen marker as it was when the panel opened: what lies after it is marked new. */
  let shownSince = null;
  /** "About you" reads so far (a read overtaken by a later one is not shown), and whether the last one failed. */
  let aboutMeReads = 0;
  let aboutMeFailed = false;

  const countBadge = h('span', { id: 'banner-count', class: 'count', text: '0' });
  const label = h('span', { class: 'banner-label', text: 'No new activity' });
  const toggle = h('button', {
    type: 'button', id: 'banner-toggle', class: 'banner-toggle', 'aria-expanded': 'false',
    'aria-controls': 'banner-panel',
  }, h('img', { class: 'bell', src: '/assets/bell.svg', alt: '', width: 18, height: 18 }), countBadge, label);
  const live = h('span', { class: 'live-dot', title: 'Connecting…', dataset: { status: 'connecting' } });

  const list = h('ol', { id: 'banner-list', class: 'activity-list' });
  const status = h('p', { class: 'banner-status', role: 'status' });
  const aboutMeList = h('ol', { id: 'about-me-list', class: 'activity-list' });
  const aboutMeStatus = h('p', { class: 'banner-status', role: 'status' });
  const aboutMeMore = h('div', { id: 'about-me-more' });
  const followingsTab = tab('banner-tab-followings', 'banner-followings', 'People you follow');
  const aboutMeTab = tab('banner-tab-about-me', 'about-me', 'About you');
  const followingsPart = h('section', { id: 'banner-followings', role: 'tabpanel', 'aria-labelledby': followingsTab.id },
    status, list);
  const aboutMePart = h('section', { id: 'about-me', role: 'tabpanel', 'aria-labelledby': aboutMeTab.id },
    aboutMeStatus, aboutMeList, aboutMeMore);
  const panel = h('section', { id: 'banner-panel', class: 'banner-panel', 'aria-label': 'Your notifications' },
    h('header', {}, h('div', { class: 'banner-tabs', role: 'tablist' }, followingsTab, aboutMeTab),
      h('button', { type: 'button', class: 'link-button', text: 'Close', onclick: () => setOpen(false) })),
    followingsPart, aboutMePart);
  panel.hidden = true;
  const root = h('div', { id: 'banner', class: 'banner', dataset: { open: 'false' } }, toggle, live, panel);

  toggle.addEventListener('click', () => setOpen(!open));
  followingsTab.addEventListener('click', () => showTab(false));
  aboutMeTab.addEventListener('click', () => showTab(true));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && open) setOpen(false);
  });
  document.addEventListener('click', (event) => {
    if (open && !root.contains(event.target)) setOpen(false);
  });
  // following a link in either list closes the panel
  panel.addEventListener('click', (event) => {
    if (event.target.closest('a')) setOpen(false);
  });

  function tab(id, controls, text) {
    return h('button', { type: 'button', role: 'tab', id, class: 'tab', 'aria-controls': controls, text });
  }

  function showTab(aboutMe) {
    followingsTab.setAttribute('aria-selected', String(!aboutMe));
    aboutMeTab.setAttribute('aria-selected', String(aboutMe));
    followingsPart.hidden = aboutMe;
    aboutMePart.hidden = !aboutMe;
    // read when the panel opened; once more if that read failed
    if (aboutMe && aboutMeFailed) loadAboutMe();
  }

  function renderCount() {
    countBadge.textContent = String(count);
    root.dataset.unread = String(count);
    label.textContent = count === 0 ? 'No new activity' : count === 1 ? '1 new activity' : `${count} new activities`;
    toggle.setAttribute('aria-label', `${label.textContent} from people you follow`);
    toggle.classList.toggle('has-new', count > 0);
    document.title = count > 0 ? `(${count}) dailyfeed` : 'dailyfeed';
  }

  function renderList() {
    if (!groups.length) {
      replace(list);
      lines = new Map();
      if (!status.textContent) status.textContent = 'Nothing yet. Follow members to see what they do here.';
      return;
    }
    status.textContent = '';
    const shown = new Map();
    for (const group of groups) {
      const unread = isUnread(group);
      const known = lines.get(group.groupKey);
      const element = known && known.group === group && known.unread === unread ? known.element : line(group, unread);
      shown.set(group.groupKey, { group, unread, element });
    }
    lines = shown;
    replace(list, [...shown.values()].map((shownLine) => shownLine.element));
  }

  function line(group, unread) {
    const classes = ['activity', 'group'];
    if (unread) classes.push('unread');
    if (isWithdrawn(group)) classes.push('withdrawn');
    const dataset = {
      type: group.type, groupKey: group.groupKey, count: String(group.count), actorCount: String(group.actorCount),
    };
    return h('li', { class: classes.join(' '), dataset },
      h('span', { class: 'words' }, groupWords(group)), ' ', timeElement(group.latestAt),
      group.count > 1 ? groupActivities(group) : null);
  }

  /** "Show all 5": the group's activities, one line each, paged with the group's own cursor. */
  function groupActivities(group) {
    const key = group.groupKey;
    const items = h('ol', { class: 'group-activities' });
    const more = h('div');
    const error = h('span', { class: 'inline-error', role: 'alert' });
    const part = h('div', { class: 'group-members' }, items, more, error);
    const button = h('button', { type: 'button', class: 'link-button show-all', 'aria-expanded': 'false' });
    const item = (activity) => h('li', { class: isWithdrawn(activity) ? 'activity withdrawn' : 'activity',
      dataset: { type: activity.type, activityId: activity.id } },
    h('span', { class: 'words' }, activityWords(activity)), ' ', timeElement(activity.occurredAt));

    async function show(shown) {
      if (shown) expanded.add(key);
      else expanded.delete(key);
      button.textContent = shown ? 'Hide' : `Show all ${group.count}`;
      button.setAttribute('aria-expanded', String(shown));
      part.hidden = !shown;
      if (!shown) return;
      error.textContent = '';
      try {
        const page = await api.groupActivities(group, undefined, LIST_SIZE);
        replace(items, page.items.map(item));
        replace(more, moreButton(page.nextCursor, async (cursor) => {
          const next = await api.groupActivities(group, cursor, LIST_SIZE);
          items.append(...next.items.map(item));
          return next.nextCursor;
        }));
      } catch (e) {
        error.textContent = e.detail || 'Could not load these activities.';
      }
    }

    button.addEventListener('click', () => show(!expanded.has(key)));
    show(expanded.has(key)); // a line drawn again for a changed group stays open, read anew
    return [' ', button, part];
  }

  /**
   * "New" goes by arrival, not by when it happened: a group is new when its newest activity occurred at or after the
   * seen marker (as it was when the panel opened), or one of its activities arrived live after it, late or not.
   */
  function isNew(instant, marker) {
    return !marker || compareInstants(instant, marker) >= 0;
  }
  function isUnread(group) {
    return freshKeys.has(group.groupKey) || isNew(group.latestAt, shownSince);
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

  /** Reads the list of groups; resolves once a read begun after this call has been shown. */
  function loadList() {
    if (listRead) {
      listRead.again = true;
      return listRead.promise;
    }
    const read = { again: true, arrived: new Set() };
    listRead = read;
    read.promise = (async () => {
      try {
        while (read.again) {
          read.again = false;
          await readList(read);
        }
      } finally {
        listRead = null;
      }
    })();
    return read.promise;
  }

  async function readList(read) {
    status.textContent = 'Loading…';
    try {
      const page = await api.followingsGroups(LIST_SIZE);
      groups = page.items;
      status.textContent = '';
    } catch (error) {
      status.textContent = error.detail || 'Could not load the activities.';
    }
    renderList();
    // the groups of what arrived live while the page was on its way may be older in it: read them again
    const arrived = [...read.arrived];
    read.arrived.clear();
    arrived.forEach(refreshGroup);
  }

  /** Reads one group again and shows it where it now belongs; a group the server no longer has (404) goes. */
  function refreshGroup(key) {
    listRead?.arrived.add(key);
    const running = groupReads.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const read = { again: true };
    groupReads.set(key, read);
    (async () => {
      try {
        while (read.again) {
          read.again = false;
          try {
            place(key, await api.followingsGroup(key));
          } catch (error) {
            // anything but "no such group" leaves the line as it is: the next event or opening reads it again
            if (error.status === 404) place(key, null);
          }
        }
      } finally {
        groupReads.delete(key);
      }
    })();
  }

  function place(key, group) {
    const others = groups.filter((known) => known.groupKey !== key);
    groups = group ? [group, ...others].sort(newestFirst).slice(0, LIST_SIZE) : others;
    if (open) renderList();
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
      freshKeys.clear();
      showTab(false); // the count is about the people you follow: opening shows them, and marks them seen
      renderList();
      loadAboutMe();
      try {
        const unread = await readCount();
        await showAndMarkSeen(unread.asOf);
      } catch {
        await loadList(); // the count could not be read: show the list, mark nothing
      }
    }
  }

  /** Reads "About you" from its start; a read overtaken by a later one is not shown. */
  async function loadAboutMe() {
    const read = ++aboutMeReads;
    aboutMeStatus.textContent = 'Loading…';
    try {
      const page = await api.aboutMe(LIST_SIZE);
      if (read !== aboutMeReads) return;
      aboutMeFailed = false;
      replace(aboutMeList, page.items.map(aboutMeLine));
      aboutMeStatus.textContent = page.items.length ? ''
        : 'Nothing yet. When someone comments on your posts, likes them or follows you, it shows here.';
      replace(aboutMeMore, moreButton(page.nextCursor, async (cursor) => {
        const next = await api.aboutMe(LIST_SIZE, cursor);
        aboutMeList.append(...next.items.map(aboutMeLine));
        return next.nextCursor;
      }));
    } catch (error) {
      if (read !== aboutMeReads) return;
      aboutMeFailed = true;
      aboutMeStatus.textContent = error.detail || 'Could not load what others did with your posts.';
    }
  }

  function aboutMeLine(activity) {
    return h('li', { class: isWithdrawn(activity) ? 'activity withdrawn' : 'activity',
      dataset: { type: activity.type, activityId: activity.id } },
    h('span', { class: 'words' }, aboutMeWords(activity)), ' ', timeElement(activity.occurredAt));
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch {
      return null;
    }
  }

  function remember(activity) {
    liveGroups.set(activityKey(activity), activity.groupKey);
    if (liveGroups.size > REMEMBERED) liveGroups.delete(liveGroups.keys().next().value);
  }

  function onActivity(data) {
    const activity = parse(data);
    if (!activity) return;
    // one the stream delivered already (before a reconnect's replay) is not news
    if (liveGroups.has(activityKey(activity))) return;
    remember(activity);
    if (activity.type === 'POST_DELETED' && activity.postId != null) forgetPost(activity.postId);
    if (open) {
      if (!activity.groupKey) {
        loadList(); // a server that does not name groups: read them all
      } else {
        if (isNew(activity.arrivedAt ?? activity.occurredAt, shownSince)) freshKeys.add(activity.groupKey);
        groupKeysOf(activity).forEach(refreshGroup);
      }
    } else if (isNew(activity.arrivedAt ?? activity.occurredAt, since)) {
      // closed, the list is not kept: opening reads it
      count += 1;
      renderCount();
    }
    scheduleRefresh();
  }

  /**
   * Lines quoting a deleted post or comment lose the quote where they stand, then their groups are read again (the
   * newest activity of a group of comments may quote another one). The groups of activities that did not come
   * over the stream are not known here: then the list is read again.
   */
  function onWithdrawn(data) {
    const ids = parse(data)?.activityIds;
    if (!Array.isArray(ids)) return;
    const keys = new Set();
    let unknown = false;
    for (const id of ids) {
      const key = liveGroups.get(String(id));
      if (key) keys.add(key);
      else unknown = true;
    }
    groups = groups.map((group) => {
      if (!keys.has(group.groupKey)) return group;
      if (group.target?.postId != null) forgetPost(group.target.postId); // its title may be gone too: ask again
      return { ...group, summary: '', withdrawn: true };
    });
    if (!open) return; // opening reads the list
    renderList();
    if (unknown) loadList();
    else keys.forEach(refreshGroup);
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
      if (open) loadList();
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
      groups = [];
      lines = new Map();
      liveGroups.clear();
      freshKeys.clear();
      expanded.clear();
      aboutMeReads++;
      count = 0;
      since = null;
    },
  };
}
