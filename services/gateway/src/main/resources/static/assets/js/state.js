// What the page knows about the logged-in member, and small caches shared by the views.
import { api } from './api.js';

export const state = {
  /** The logged-in member ({id, handle, displayName, ...}), or null. */
  me: null,
};

const members = new Map();

/** A member by id, fetched once per page load (a failure is not cached). */
export function member(id) {
  const key = String(id);
  if (!members.has(key)) {
    const pending = api.member(id).catch((error) => {
      members.delete(key);
      throw error;
    });
    members.set(key, pending);
  }
  return members.get(key);
}

export function forgetMember(id) {
  members.delete(String(id));
}

const posts = new Map();

/** A post by id for mentions (banner lines); null when it is gone. */
export function postForMention(id) {
  const key = String(id);
  if (!posts.has(key)) posts.set(key, api.post(id).catch(() => null));
  return posts.get(key);
}

/** Forgets a post fetched for mentions, e.g. because it may have been deleted since. */
export function forgetPost(id) {
  posts.delete(String(id));
}

/**
 * Likes the member gave in this tab. The API answers like counts but not "did I like it", so a post liked in
 * another tab shows "Like" here; pressing it is harmless (liking is idempotent). A `likedByMe` field from the
 * API, if present, wins.
 */
const LIKES_KEY = 'dailyfeed.likes';
function likes() {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(LIKES_KEY)) || []);
  } catch {
    return new Set();
  }
}
export function isLiked(kind, item) {
  if (typeof item.likedByMe === 'boolean') return item.likedByMe;
  if (typeof item.liked === 'boolean') return item.liked;
  return likes().has(`${kind}:${item.id}`);
}
export function rememberLike(kind, id, liked) {
  const set = likes();
  if (liked) set.add(`${kind}:${id}`);
  else set.delete(`${kind}:${id}`);
  sessionStorage.setItem(LIKES_KEY, JSON.stringify([...set]));
}

let followings = null;

/** Ids of the members the logged-in member follows (read once through the paged list, then kept in step). */
export async function followingIds() {
  if (!followings) {
    followings = (async () => {
      const ids = new Set();
      let cursor;
      for (let page = 0; page < 50; page++) {
        const result = await api.followings(state.me.id, cursor, 100);
        result.items.forEach((m) => ids.add(String(m.id)));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return ids;
    })().catch((error) => {
      followings = null;
      throw error;
    });
  }
  return followings;
}

export async function setFollowing(id, following) {
  const ids = await followingIds();
  if (following) ids.add(String(id));
  else ids.delete(String(id));
}

/** Forgets everything about the previous member (logout, another login). */
export function resetState() {
  state.me = null;
  members.clear();
  posts.clear();
  followings = null;
  sessionStorage.removeItem(LIKES_KEY);
}
