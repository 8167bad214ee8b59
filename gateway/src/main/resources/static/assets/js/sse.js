// Server-sent events over fetch(). EventSource cannot send an Authorization header, so the stream is read with a
// ReadableStream reader and parsed here, following the WHATWG event-stream rules (event:, data:, id:, retry:,
// comments, CRLF/LF/CR line ends). It reconnects with exponential backoff after an error or the end of a stream.

/**
 * Opens `url` and keeps it open.
 * - `headers()`: request headers for each (re)connect, or null to stop (e.g. logged out)
 * - `onEvent(name, data, id)`: each dispatched event
 * - `onOpen()`: each time a connection is established (the caller resyncs what it may have missed)
 * - `onStatus(status)`: 'open' | 'reconnecting' | 'stopped'
 * - `onUnauthorized()`: the server answered 401 (stream stops)
 * Returns `{ close() }`.
 */
export function openEventStream(url, { headers, onEvent, onOpen = () => {}, onStatus = () => {}, onUnauthorized = () => {} }) {
  let closed = false;
  let controller = null;
  let failures = 0;
  let retryBase = 1000;
  let lastEventId = null;
  let timer = null;

  async function connect() {
    timer = null;
    const base = headers();
    if (closed || !base) {
      onStatus('stopped');
      return;
    }
    controller = new AbortController();
    const requestHeaders = { ...base, Accept: 'text/event-stream' };
    if (lastEventId) requestHeaders['Last-Event-ID'] = lastEventId;
    try {
      const response = await fetch(url, { headers: requestHeaders, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        closed = true;
        onStatus('stopped');
        onUnauthorized();
        return;
      }
      const type = response.headers.get('Content-Type') || '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        throw new Error(`stream answered ${response.status} ${type}`);
      }
      failures = 0;
      onStatus('open');
      onOpen();
      await read(response.body);
    } catch (error) {
      if (closed) return;
      failures++;
    }
    if (!closed) schedule();
  }

  function schedule() {
    onStatus('reconnecting');
    // 1 s, 2 s, 4 s ... up to 30 s, with jitter so many tabs do not reconnect in step
    const delay = Math.min(30000, retryBase * 2 ** Math.min(failures, 5)) * (0.75 + Math.random() * 0.5);
    timer = setTimeout(connect, delay);
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = fresh();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      // complete lines only; a lone trailing \r may be the first half of \r\n, so it waits for the next chunk
      let match;
      const lineEnd = /\r\n|\n|\r(?!$)/g;
      let consumed = 0;
      while ((match = lineEnd.exec(buffer)) !== null) {
        event = line(buffer.slice(consumed, match.index), event);
        consumed = match.index + match[0].length;
      }
      buffer = buffer.slice(consumed);
    }
  }

  function fresh() {
    return { name: '', data: [], hasData: false };
  }

  function line(text, event) {
    if (text === '') {
      if (event.hasData) onEvent(event.name || 'message', event.data.join('\n'), lastEventId);
      return fresh();
    }
    if (text.startsWith(':')) return event; // a comment, e.g. a keep-alive
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') event.name = value;
    else if (name === 'data') {
      event.data.push(value);
      event.hasData = true;
    } else if (name === 'id' && !value.includes('\0')) lastEventId = value || null;
    else if (name === 'retry' && /^\d+$/.test(value)) retryBase = Math.max(500, Number(value));
    return event;
  }

  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
  };
}
