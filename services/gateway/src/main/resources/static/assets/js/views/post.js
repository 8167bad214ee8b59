// One post with its comments and replies (two levels below a comment), likes, and the author's edit/delete.
import { h, replace, timeElement } from '../dom.js';
import { api } from '../api.js';
import { state } from '../state.js';
import { memberLink, likeButton, deleteButton, notice } from '../components.js';
import { field, formError, submitting, counter } from '../forms.js';
import { postForm } from './compose.js';

const COMMENT_MAX = 1000;
/** A comment is depth 0, a reply 1, a reply to a reply 2; the API refuses anything deeper. */
const MAX_DEPTH = 2;

export function postView(id, { navigate }) {
  const view = h('div', { class: 'post-page' }, notice('Loading…'));
  const postSlot = h('div');
  const commentsSlot = h('div', { id: 'comments', class: 'comments' });
  const commentCount = h('span', { class: 'comment-count', text: '' });
  let post;

  const isMine = (item) => String(item.authorId) === String(state.me.id);

  function renderPost() {
    const body = h('div', { class: 'post-body' },
      post.title ? h('h1', { class: 'post-title', text: post.title }) : null,
      h('div', { class: 'post-content', text: post.content }));
    const tools = h('div', { class: 'tools' },
      likeButton('post', post, { like: api.likePost, unlike: api.unlikePost }));
    if (isMine(post)) {
      tools.append(
        h('button', { type: 'button', class: 'link-button', text: 'Edit', onclick: edit }),
        deleteButton('Delete', async () => {
          await api.deletePost(post.id);
          navigate(`#/members/${state.me.id}`);
        }));
    }
    replace(postSlot, h('article', { id: 'post', class: 'card post', dataset: { postId: post.id } },
      h('header', { class: 'meta' }, memberLink(post.authorId), ' · ', timeElement(post.createdAt),
        post.updatedAt && post.updatedAt !== post.createdAt ? h('span', { class: 'edited', text: ' · edited' }) : null),
      body, tools));
  }

  function edit() {
    replace(postSlot, h('article', { class: 'card post editing' },
      h('h2', { text: 'Edit post' }),
      postForm({
        post,
        submitLabel: 'Save',
        save: (title, content) => api.updatePost(post.id, title, content),
        saved: (updated) => {
          post = updated;
          renderPost();
        },
        cancel: renderPost,
      })));
  }

  async function loadComments() {
    const all = [];
    let cursor;
    for (let page = 0; page < 50; page++) {
      const result = await api.comments(id, cursor, 100);
      all.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  async function renderComments() {
    let comments;
    try {
      comments = await loadComments();
    } catch (error) {
      replace(commentsSlot, notice(error.detail, 'error'));
      return;
    }
    commentCount.textContent = `(${comments.length})`;
    const byId = new Map(comments.map((c) => [String(c.id), c]));
    const children = new Map();
    const roots = [];
    for (const comment of comments) {
      const parent = comment.parentCommentId != null ? String(comment.parentCommentId) : null;
      if (parent && byId.has(parent)) {
        if (!children.has(parent)) children.set(parent, []);
        children.get(parent).push(comment);
      } else {
        roots.push(comment); // a comment, or a reply whose comment was deleted
      }
    }
    const byTime = (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id);
    const depthOf = (comment) => {
      let depth = 0;
      let parent = comment.parentCommentId;
      while (parent != null) {
        depth++;
        const p = byId.get(String(parent));
        if (!p) break;
        parent = p.parentCommentId;
      }
      return depth;
    };
    const thread = (comment) => {
      const replies = (children.get(String(comment.id)) || []).sort(byTime);
      return h('li', { class: 'comment-thread' },
        commentItem(comment, depthOf(comment)),
        replies.length ? h('ol', { class: 'replies' }, replies.map(thread)) : null);
    };
    replace(commentsSlot, roots.length
      ? h('ol', { class: 'comment-list' }, roots.sort(byTime).map(thread))
      : notice('No comments yet. Be the first.', 'empty'));
  }

  function commentItem(comment, depth) {
    const content = h('p', { class: 'comment-content', text: comment.content });
    const replySlot = h('div', { class: 'reply-slot' });
    const tools = h('div', { class: 'tools' },
      likeButton('comment', comment, { like: api.likeComment, unlike: api.unlikeComment }));
    if (depth < MAX_DEPTH) {
      tools.append(h('button', {
        type: 'button', class: 'link-button reply-button', text: 'Reply',
        onclick: () => replace(replySlot, commentForm({
          parentCommentId: comment.id, label: 'Reply', placeholder: 'Write a reply…',
          cancel: () => replace(replySlot),
        })),
      }));
    }
    const item = h('div', { class: `comment depth-${depth}`, dataset: { commentId: comment.id } },
      h('header', { class: 'meta' }, memberLink(comment.authorId), ' · ', timeElement(comment.createdAt),
        comment.updatedAt && comment.updatedAt !== comment.createdAt ? h('span', { class: 'edited', text: ' · edited' }) : null,
        comment.parentCommentId != null && depth === 0 ? h('span', { class: 'muted', text: ' · reply to a deleted comment' }) : null),
      content, tools, replySlot);
    if (isMine(comment)) {
      tools.append(
        h('button', {
          type: 'button', class: 'link-button edit-comment', text: 'Edit',
          onclick: () => {
            const form = editCommentForm(comment, () => item.replaceWith(commentItem(comment, depth)));
            content.replaceWith(form);
            tools.hidden = true;
          },
        }),
        deleteButton('Delete', async () => {
          await api.deleteComment(comment.id);
          await refreshAll();
        }));
    }
    return item;
  }

  function editCommentForm(comment, done) {
    const textarea = h('textarea', { name: 'content', rows: 3 });
    textarea.value = comment.content;
    const form = h('form', { class: 'comment-form', novalidate: true },
      field('Edit comment', textarea, counter(textarea, COMMENT_MAX)),
      formError(),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', text: 'Save' }),
        h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: done })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitting(form, async () => {
        Object.assign(comment, await api.updateComment(comment.id, textarea.value));
        done();
      });
    });
    return form;
  }

  function commentForm({ parentCommentId, label, placeholder, cancel }) {
    const textarea = h('textarea', { name: 'content', rows: 2, placeholder });
    const form = h('form', { class: parentCommentId ? 'comment-form reply-form' : 'comment-form', novalidate: true },
      field(label, textarea, counter(textarea, COMMENT_MAX)),
      formError(),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', text: label }),
        cancel ? h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: cancel }) : null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitting(form, async () => {
        await api.comment(id, textarea.value, parentCommentId);
        textarea.value = '';
        textarea.dispatchEvent(new Event('input'));
        await refreshAll();
      });
    });
    return form;
  }

  async function refreshAll() {
    await renderComments();
  }

  (async () => {
    try {
      post = await api.post(id);
    } catch (error) {
      replace(view, notice(error.status === 404 ? 'This post does not exist or was deleted.' : error.detail, 'error'));
      return;
    }
    renderPost();
    replace(view, postSlot,
      h('section', { class: 'card comments-card' },
        h('h2', {}, 'Comments ', commentCount),
        h('div', { id: 'new-comment' }, commentForm({ label: 'Comment', placeholder: 'Write a comment…' })),
        commentsSlot));
    commentsSlot.append(notice('Loading comments…'));
    renderComments();
  })();
  return view;
}
