// Home: write a post, your posts, the people you follow.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { state } from '../state.js';
import { postCard, moreButton, notice, memberLink } from '../components.js';
import { postForm } from './compose.js';

export function homeView() {
  const me = state.me;
  const posts = h('div', { id: 'my-posts', class: 'post-list' }, notice('Loading your posts…'));
  const more = h('div');

  const composer = h('section', { id: 'composer', class: 'card composer' },
    h('h2', { text: 'Write a post' }),
    postForm({
      submitLabel: 'Post',
      save: (title, content) => api.createPost(title, content),
      saved: (post) => {
        posts.querySelector('.notice')?.remove();
        posts.prepend(postCard(post));
      },
    }));

  (async () => {
    try {
      const page = await api.postsBy(me.id);
      replace(posts, page.items.length ? page.items.map(postCard) : notice('You have not posted yet.', 'empty'));
      replace(more, moreButton(page.nextCursor, async (cursor) => {
        const next = await api.postsBy(me.id, cursor);
        posts.append(...next.items.map(postCard));
        return next.nextCursor;
      }));
    } catch (error) {
      replace(posts, notice(error.detail, 'error'));
    }
  })();

  const following = h('ul', { class: 'member-list' }, h('li', { text: 'Loading…' }));
  api.followings(me.id, undefined, 50).then(
    (page) => replace(following, page.items.length
      ? page.items.map((m) => h('li', {}, memberLink(m.id, m)))
      : h('li', { class: 'muted', text: 'Nobody yet. Open a member’s page to follow them.' })),
    (error) => replace(following, h('li', { class: 'inline-error', text: error.detail })));

  return h('div', { class: 'layout' },
    h('div', { class: 'main-column' },
      composer,
      h('section', {}, h('h2', { text: 'Your posts' }), posts, more)),
    h('aside', { class: 'side-column' },
      h('section', { class: 'card' },
        h('h2', { text: 'You' }),
        h('p', {}, h('a', { id: 'my-profile-link', href: `#/members/${me.id}`, text: `${me.displayName} @${me.handle}` })),
        h('p', { class: 'muted', text: 'Share your page’s address so others can follow you.' })),
      h('section', { class: 'card' }, h('h2', { text: 'You follow' }), following)));
}
