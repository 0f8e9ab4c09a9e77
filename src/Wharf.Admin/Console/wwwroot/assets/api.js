// The admin API, as every page calls it: JSON in and out, the session's CSRF token on every change,
// If-Match where a change is made against a version read, and one place that notices a lost session.

let csrf = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function useSession(session) { csrf = session?.csrf ?? null; }
export function whenSignedOut(handler) { onSignedOut = handler; }

function headersFor(method, { ifMatch, json } = {}) {
  const headers = { Accept: 'application/json' };
  if (json) headers['Content-Type'] = 'application/json';
  // A session's change must prove it comes from this page (docs/admin-api.md, "Who you are").
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-Wharf-Csrf'] = csrf;
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  return headers;
}

async function failure(response, path) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: a proxy's page */ }
  if (response.status === 401 && !path.startsWith('/api/session')) onSignedOut();
  return new ApiError(response.status, body?.error ?? `${response.status} ${response.statusText || 'error'}`, body);
}

/** One call; resolves to { status, version (from ETag), body }, rejects with ApiError. */
export async function call(method, path, { body, ifMatch, signal } = {}) {
  const response = await fetch(path, {
    method,
    headers: headersFor(method, { ifMatch, json: body !== undefined }),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (!response.ok) throw await failure(response, path);
  const text = response.status === 204 ? '' : await response.text();
  const etag = response.headers.get('ETag');
  return {
    status: response.status,
    version: etag ? Number(etag.replace(/^W\//, '').replaceAll('"', '')) : null,
    body: text ? JSON.parse(text) : null,
  };
}

export const get = async (path, options) => (await call('GET', path, options)).body;

/**
 * GET /api/session as index.html preloads it (same mode, credentials and cache), so the answer
 * the browser already has is used rather than asked for again.
 */
export async function whoAmI() {
  const response = await fetch('/api/session', { credentials: 'include', mode: 'cors' });
  if (!response.ok) throw await failure(response, '/api/session');
  return response.json();
}
export const post = async (path, body, options) => (await call('POST', path, { ...options, body })).body;

/**
 * A POST answered with NDJSON (POST /api/reset): onLine gets each object as soon as its line
 * arrives; resolves when the server ends the stream.
 */
export async function stream(path, body, onLine, { signal } = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { ...headersFor('POST', { json: true }), Accept: 'application/x-ndjson' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (!response.ok) throw await failure(response, path);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onLine(JSON.parse(line));
    }
    if (done) break;
  }
  if (buffered.trim()) onLine(JSON.parse(buffered));
}

/** A JSON Pointer segment (RFC 6901): '~' and '/' escaped. */
export const pointer = (...segments) => segments.map(s => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
