// DOM helpers. User text only ever reaches the page as text nodes or attribute values set through DOM APIs:
// nothing here parses HTML, so a post containing <script> stays text.

/**
 * Creates an element. `attrs`: `class`, `text`, `dataset` (object), `on<event>` (function), boolean and string
 * attributes; `children`: nodes, strings (become text nodes), arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", or a date for anything older than a week. */
export function timeAgo(instant) {
  const then = new Date(instant);
  if (Number.isNaN(then.getTime())) return '';
  const seconds = Math.round((then.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return relative.format(Math.round(seconds / 86400), 'day');
  return then.toLocaleDateString();
}

/** A <time> element showing `timeAgo`, with the exact instant as its tooltip. */
export function timeElement(instant) {
  return h('time', { datetime: instant, title: new Date(instant).toLocaleString(), text: timeAgo(instant) });
}

/**
 * Compares two ISO-8601 UTC instants exactly (the server sends up to nanoseconds, which Date would round).
 * Returns <0, 0 or >0.
 */
export function compareInstants(a, b) {
  return normalizedInstant(a).localeCompare(normalizedInstant(b));
}

function normalizedInstant(text) {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text || '');
  if (!match) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? '' : normalizedInstant(date.toISOString());
  }
  return match[1] + '.' + (match[2] || '').padEnd(9, '0');
}

/** Shortens text for a one-line mention, without splitting a character. */
export function excerpt(text, max = 60) {
  const chars = Array.from((text || '').replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}
