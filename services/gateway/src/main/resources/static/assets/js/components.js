// Pieces several views share: member links, like buttons, post cards, two-step delete.
import { h, replace, timeElement, excerpt } from './dom.js';
import { member, isLiked, rememberLike } from './state.js';

/** A link to a member's page, showing "Display Name @handle" once known. */
export function memberLink(id, known) {
  const link = h('a', { class: 'member-link', href: `#/members/${id}` });
  const show = (m) => replace(link, h('span', { class: 'display-name', text: m.displayName }), ' ',
    h('span', { class: 'handle', text: `@${m.handle}` }));
  if (known?.handle) show(known);
  else {
    link.textContent = `member ${id}`;
    member(id).then(show, () => {});
  }
  return link;
}

/** A like toggle: `like`/`unlike` call the API; the count follows the answer. Errors appear beside it. */
export function likeButton(kind, item, { like, unlike }) {
  let liked = isLiked(kind, item);
  let count = item.likeCount ?? 0;
  const button = h('button', { type: 'button', class: 'like', 'aria-pressed': String(liked) });
  const error = h('span', { class: 'inline-error', role: 'alert' });
  const render = () => {
    button.setAttribute('aria-pressed', String(liked));
    replace(button, h('span', { class: 'heart', 'aria-hidden': 'true', text: liked ? '♥' : '♡' }), ' ',
      h('span', { class: 'like-label', text: liked ? 'Liked' : 'Like' }), ' ',
      h('span', { class: 'like-count', text: String(count) }));
    button.title = liked ? 'Unlike' : 'Like';
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    try {
      if (liked) await unlike(item.id);
      else await like(item.id);
      const wasLiked = liked;
      liked = !liked;
      rememberLike(kind, item.id, liked);
      // the answer is 204 without a body; the count moves unless the server already had this state
      if (liked !== wasLiked) count = Math.max(0, count + (liked ? 1 : -1));
      render();
    } catch (e) {
      error.textContent = e.detail || 'Could not change the like.';
    } finally {
      button.disabled = false;
    }
  });
  render();
  return h('span', { class: 'like-wrap' }, button, error);
}

/** A post in a list: author, time, title, a short excerpt, counts; the whole card opens the post. */
export function postCard(post) {
  return h('article', { class: 'card post-card', dataset: { postId: post.id } },
    h('header', { class: 'meta' }, memberLink(post.authorId), ' · ', timeElement(post.createdAt),
      post.updatedAt && post.updatedAt !== post.createdAt ? h('span', { class: 'edited', text: ' · edited' }) : null),
    h('a', { class: 'post-link', href: `#/posts/${post.id}` },
      post.title ? h('h3', { class: 'post-title', text: post.title }) : null,
      h('p', { class: 'post-excerpt', text: excerpt(post.content, 280) })),
    h('footer', { class: 'counts' },
      h('span', { class: 'likes', text: plural(post.likeCount ?? 0, 'like', 'likes') }),
      h('span', { class: 'comments', text: plural(post.commentCount ?? 0, 'comment', 'comments') })));
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** A delete button that asks "Delete? Yes / No" in place, then runs `action`; errors appear beside it. */
export function deleteButton(label, action) {
  const wrap = h('span', { class: 'confirm' });
  const error = h('span', { class: 'inline-error', role: 'alert' });
  const ask = () => {
    const yes = h('button', { type: 'button', class: 'danger', text: 'Yes, delete' });
    const no = h('button', { type: 'button', class: 'secondary', text: 'Keep', onclick: idle });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      error.textContent = '';
      try {
        await action();
      } catch (e) {
        error.textContent = e.detail || 'Could not delete.';
        yes.disabled = false;
      }
    });
    replace(wrap, h('span', { class: 'confirm-question', text: 'Delete?' }), ' ', yes, ' ', no, error);
  };
  function idle() {
    replace(wrap, h('button', { type: 'button', class: 'link-button danger-text', text: label, onclick: ask }), error);
  }
  idle();
  return wrap;
}

/** A "Show more" button for cursor pages: calls `load(cursor)`, which returns the next cursor. */
export function moreButton(initialCursor, load) {
  let cursor = initialCursor;
  const error = h('span', { class: 'inline-error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'secondary more', text: 'Show more' });
  const wrap = h('div', { class: 'more-wrap' }, button, error);
  wrap.hidden = !cursor;
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    try {
      cursor = await load(cursor);
      wrap.hidden = !cursor;
    } catch (e) {
      error.textContent = e.detail || 'Could not load more.';
    } finally {
      button.disabled = false;
    }
  });
  return wrap;
}

/** A message where a view's content would be: loading, empty, or an error with the API's detail. */
export function notice(text, kind = 'info') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : null, text });
}
