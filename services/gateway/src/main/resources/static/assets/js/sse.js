// Server-sent events over fetch(). EventSource cannot send an Authorization header, so the stream is read with a
// ReadableStream reader and parsed here, following the WHATWG event-stream rules (event:, data:, id:, retry:,
// comments, CRLF/LF/CR line ends). It reconnects with exponential backoff after an error or the end of a stream,
// sending the last event id it saw as Last-Event-ID, so that the server can replay what was missed.

/**
 * Opens `url` and keeps it open.
 * - `headers()`: request headers for each (re)connect, or null to stop (e.g. logged out)
 * - `onEvent(name, data, id)`: each dispatched event, with the last event id as of that event
 * - `onOpen(resumed)`: each time a connection is established; `resumed` is true when it was asked to resume after
 *   a last event id (the server replays what came after it), false when the caller must resync by itself
 * - `onStatus(status)`: 'open' | 'reconnecting' | 'stopped'
 * - `onUnauthorized()`: the server answered 401 (stream stops)
 * Returns `{ close() }`.
 */
export function openEventStream(url, { headers, onEvent, onOpen = () => {}, onStatus = () => {}, onUnauthorized = () => {} }) {
  let closed = false;
  let controller = null;
  let failures = 0;
  let retryBase = 1000;
  let lastEventId = null; // as of the last dispatched event: what Last-Event-ID resumes after
  let idBuffer = ''; // the id: field of the event being read, committed only when the event is dispatched
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
    const resumed = Boolean(lastEventId);
    if (resumed) requestHeaders['Last-Event-ID'] = lastEventId;
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
      onOpen(resumed);
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
    // The id buffer starts as the last event id, so that events without an id (withdrawn, seen) after a
    // reconnect do not forget where to resume from.
    idBuffer = lastEventId ?? '';
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
      // WHATWG: dispatching sets the last event id even for an event without data; an event cut off before its
      // blank line is never dispatched, so its id is not resumed after (the server sends the event again)
      lastEventId = idBuffer || null;
      if (event.hasData) {
        try {
          onEvent(event.name || 'message', event.data.join('\n'), lastEventId);
        } catch (error) {
          console.error('event handler failed', error); // one bad event must not cut the stream
        }
      }
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
    } else if (name === 'id' && !value.includes('\0')) idBuffer = value;
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
