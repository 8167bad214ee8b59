// The HTTP contract (../shared/API.md) as functions. Every call goes to the page's own origin, the gateway.

const TOKEN_KEY = 'dailyfeed.session';

/**
 * The session lives in sessionStorage: it survives reloads of this tab (the banner's count comes back from the
 * server), ends when the tab is closed (a shared computer does not stay logged in), and is not handed to other
 * tabs. No storage is safe from a script running in the page, which is why the page never lets user text become
 * markup and ships a strict Content-Security-Policy.
 */
export const session = {
  get token() {
    const saved = read();
    if (!saved) return null;
    if (saved.expiresAt && Date.now() > saved.expiresAt) {
      sessionStorage.removeItem(TOKEN_KEY);
      return null;
    }
    return saved.token;
  },
  save(token, expiresInSeconds) {
    const expiresAt = expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : null;
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token, expiresAt }));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

function read() {
  try {
    return JSON.parse(sessionStorage.getItem(TOKEN_KEY));
  } catch {
    return null;
  }
}

/** A failed call: `status` (0 when the server could not be reached), the problem's `detail`, and field `errors`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.title = problem.title || '';
    this.detail = this.message;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/** Called with no arguments when the server says the token is no longer good (401). */
let onUnauthorized = () => {};
export function whenUnauthorized(callback) {
  onUnauthorized = callback;
}

async function call(method, path, body, { anonymous = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token;
  if (token && !anonymous) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { detail: 'dailyfeed cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401 && !anonymous) onUnauthorized();
    throw new ApiError(response.status, json && typeof json === 'object' ? json : { detail: defaultDetail(response.status) });
  }
  return json;
}

function defaultDetail(status) {
  if (status === 404) return 'Not found: it may have been deleted.';
  if (status === 503 || status === 502 || status === 504) return 'The service is unavailable right now. Nothing was changed; try again shortly.';
  return `The request failed (HTTP ${status}).`;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The grouped followings feed (one line per type, target and day) and its groups. */
const GROUPS = '/api/activities/followings/groups';

export const api = {
  signUp: (handle, displayName, password) =>
    call('POST', '/api/members', { handle, displayName, password }, { anonymous: true }),
  login: (handle, password) => call('POST', '/api/auth/login', { handle, password }, { anonymous: true }),

  me: () => call('GET', '/api/members/me'),
  member: (id) => call('GET', `/api/members/${id}`),
  follow: (id) => call('PUT', `/api/members/${id}/follow`),
  unfollow: (id) => call('DELETE', `/api/members/${id}/follow`),
  followings: (id, cursor, size = 20) => call('GET', `/api/members/${id}/followings${query({ cursor, size })}`),
  followers: (id, cursor, size = 20) => call('GET', `/api/members/${id}/followers${query({ cursor, size })}`),

  createPost: (title, content) => call('POST', '/api/posts', { title, content }),
  post: (id) => call('GET', `/api/posts/${id}`),
  postsBy: (authorId, cursor, size = 20) => call('GET', `/api/posts${query({ authorId, cursor, size })}`),
  updatePost: (id, title, content) => call('PUT', `/api/posts/${id}`, { title, content }),
  deletePost: (id) => call('DELETE', `/api/posts/${id}`),
  likePost: (id) => call('PUT', `/api/posts/${id}/like`),
  unlikePost: (id) => call('DELETE', `/api/posts/${id}/like`),

  comments: (postId, cursor, size = 100) => call('GET', `/api/posts/${postId}/comments${query({ cursor, size })}`),
  comment: (postId, content, parentCommentId) =>
    call('POST', `/api/posts/${postId}/comments`, { content, parentCommentId: parentCommentId ?? undefined }),
  updateComment: (id, content) => call('PUT', `/api/comments/${id}`, { content }),
  deleteComment: (id) => call('DELETE', `/api/comments/${id}`),
  likeComment: (id) => call('PUT', `/api/comments/${id}/like`),
  unlikeComment: (id) => call('DELETE', `/api/comments/${id}/like`),

  followingsActivities: (size = 20, cursor) => call('GET', `/api/activities/followings${query({ cursor, size })}`),
  unreadCount: () => call('GET', '/api/activities/followings/unread-count'),
  markSeen: (until) => call('PUT', '/api/activities/followings/seen', { until }),
  followingsGroups: (size = 20, cursor) => call('GET', `${GROUPS}${query({ cursor, size })}`),
  /** One group as it is now; 404 when none of the reader's followees' activities (left) are in it. */
  followingsGroup: (groupKey) => call('GET', `${GROUPS}/${encodeURIComponent(groupKey)}`),
  groupActivities: (group, cursor, size = 20) => call('GET', `${groupActivitiesPath(group)}${query({ cursor, size })}`),
  aboutMe: (size = 20, cursor) => call('GET', `/api/activities/about-me${query({ cursor, size })}`),
};

/** Where a group's activities are listed: the path the server gave, if it is one of the grouped feed's own. */
function groupActivitiesPath(group) {
  const given = group.activitiesPath || '';
  return given.startsWith(`${GROUPS}/`) && !given.includes('?') && !given.includes('..')
    ? given
    : `${GROUPS}/${encodeURIComponent(group.groupKey)}/activities`;
}
