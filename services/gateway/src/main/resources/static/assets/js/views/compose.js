// The post form, for writing a new post and editing one.
import { h } from '../dom.js';
import { field, formError, submitting, counter } from '../forms.js';

export const POST_MAX = 5000;
export const TITLE_MAX = 200;

/**
 * `save(title, content)` calls the API and returns the post; `saved(post)` follows. Limits are shown as
 * counters, not enforced by the browser: the server's validation message is the one that counts.
 */
export function postForm({ post, submitLabel, save, saved, cancel }) {
  const title = h('input', { name: 'title', placeholder: 'Title (optional)', autocomplete: 'off' });
  const content = h('textarea', { name: 'content', rows: post ? 8 : 4, placeholder: 'What is on your mind?', required: true });
  title.value = post?.title || '';
  content.value = post?.content || '';
  const form = h('form', { class: 'post-form', novalidate: true },
    field('Title', title, counter(title, TITLE_MAX)),
    field('Post', content, counter(content, POST_MAX)),
    formError(),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', text: submitLabel }),
      cancel ? h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: cancel }) : null));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitting(form, async () => {
      const result = await save(title.value.trim() || null, content.value);
      if (!post) {
        form.reset();
        content.dispatchEvent(new Event('input'));
        title.dispatchEvent(new Event('input'));
      }
      saved(result);
    });
  });
  return form;
}
