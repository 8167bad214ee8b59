// A member's page: who they are, follow/unfollow, their posts, their follow lists.
import { h, replace, timeElement } from '../dom.js';
import { api } from '../api.js';
import { state, followingIds, setFollowing, forgetMember } from '../state.js';
import { postCard, moreButton, notice, memberLink } from '../components.js';

export function memberView(id) {
  const view = h('div', { class: 'member-page' }, notice('Loading…'));
  (async () => {
    let member;
    try {
      member = await api.member(id);
    } catch (error) {
      replace(view, notice(error.status === 404 ? 'This member does not exist.' : error.detail, 'error'));
      return;
    }
    const isMe = String(member.id) === String(state.me.id);
    const followers = h('span', { class: 'follower-count', text: String(member.followerCount ?? 0) });
    const followersWord = h('span', { text: member.followerCount === 1 ? 'follower' : 'followers' });
    const profile = h('section', { class: 'card profile' },
      h('div', { class: 'profile-head' },
        h('div', {},
          h('h1', { class: 'display-name', text: member.displayName }),
          h('p', { class: 'handle', text: `@${member.handle}` })),
        isMe ? h('span', { class: 'muted', text: 'This is you' })
          : followControl(member, followers, followersWord, () => followerList.reload())),
      h('p', { class: 'stats' },
        followers, ' ', followersWord, ' · ',
        h('span', { class: 'following-count', text: String(member.followingCount ?? 0) }), ' following · joined ',
        timeElement(member.createdAt)));

    const posts = h('div', { class: 'post-list' }, notice('Loading posts…'));
    const more = h('div');
    api.postsBy(member.id).then((page) => {
      replace(posts, page.items.length ? page.items.map(postCard) : notice('No posts yet.', 'empty'));
      replace(more, moreButton(page.nextCursor, async (cursor) => {
        const next = await api.postsBy(member.id, cursor);
        posts.append(...next.items.map(postCard));
        return next.nextCursor;
      }));
    }, (error) => replace(posts, notice(error.detail, 'error')));

    const followingList = memberList('Following', (cursor) => api.followings(member.id, cursor));
    const followerList = memberList('Followers', (cursor) => api.followers(member.id, cursor));
    replace(view, h('div', { class: 'layout' },
      h('div', { class: 'main-column' }, profile,
        h('section', {}, h('h2', { text: isMe ? 'Your posts' : `Posts by ${member.displayName}` }), posts, more)),
      h('aside', { class: 'side-column' }, followingList.element, followerList.element)));
  })();
  return view;
}

function followControl(member, followersCount, followersWord, changed) {
  const button = h('button', { type: 'button', id: 'follow-button', class: 'follow', text: '…', disabled: true });
  const error = h('span', { class: 'inline-error', role: 'alert' });
  let following = false;
  const render = () => {
    button.textContent = following ? 'Unfollow' : 'Follow';
    button.classList.toggle('secondary', following);
    button.setAttribute('aria-pressed', String(following));
  };
  followingIds().then((ids) => {
    following = ids.has(String(member.id));
    button.disabled = false;
    render();
  }, (e) => {
    error.textContent = e.detail;
    button.disabled = false;
    render();
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    try {
      if (following) await api.unfollow(member.id);
      else await api.follow(member.id);
      following = !following;
      await setFollowing(member.id, following);
      forgetMember(member.id);
      const fresh = await api.member(member.id);
      followersCount.textContent = String(fresh.followerCount ?? 0);
      followersWord.textContent = fresh.followerCount === 1 ? 'follower' : 'followers';
      changed();
      render();
    } catch (e) {
      error.textContent = e.detail || 'That did not work.';
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'follow-control' }, button, error);
}

/** A titled, paged list of members; `reload()` reads it again from the start. */
function memberList(title, load) {
  const list = h('ul', { class: 'member-list' }, h('li', { class: 'muted', text: 'Loading…' }));
  const more = h('div');
  const item = (m) => h('li', {}, memberLink(m.id, m));
  const reload = () => load().then((page) => {
    replace(list, page.items.length ? page.items.map(item) : h('li', { class: 'muted', text: 'Nobody yet.' }));
    replace(more, moreButton(page.nextCursor, async (cursor) => {
      const next = await load(cursor);
      list.append(...next.items.map(item));
      return next.nextCursor;
    }));
  }, (error) => replace(list, h('li', { class: 'inline-error', text: error.detail })));
  reload();
  return { element: h('section', { class: 'card' }, h('h2', { text: title }), list, more), reload };
}
