// The gateway's REST API with a bearer token kept in sessionStorage (never in localStorage, a cookie or the
// URL): it lives as long as the browser tab, and closing the tab signs out.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem ?? {};
  }
}

export class Session {
  constructor(storageKey) {
    this.key = storageKey;
  }

  get() {
    try {
      const s = JSON.parse(sessionStorage.getItem(this.key) || 'null');
      if (!s?.token) return null;
      if (s.expiresAt && new Date(s.expiresAt).getTime() <= Date.now()) {
        this.clear();
        return null;
      }
      return s;
    } catch (e) {
      return null;
    }
  }

  set(value) {
    sessionStorage.setItem(this.key, JSON.stringify(value));
  }

  clear() {
    sessionStorage.removeItem(this.key);
  }
}

/** fetch() of one API path; JSON in and out; problem+json becomes an ApiError; 401 calls onUnauthorized. */
export function client(session, onUnauthorized) {
  return async function call(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const s = session?.get();
    if (s) headers.Authorization = 'Bearer ' + s.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
    const type = res.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await res.json().catch(() => null) : null;
    if (!res.ok) {
      if (res.status === 401 && s && onUnauthorized) onUnauthorized();
      throw new ApiError(res.status, json);
    }
    return json;
  };
}

/** The path with its query, leaving out empty values. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? path + '?' + s : path;
}

/** A pasted JWT's expiry (its `exp` claim), so an expired one is not kept; nothing else is read from it. */
export function tokenExpiry(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return payload.exp ? new Date(payload.exp * 1000).toISOString() : null;
  } catch (e) {
    return null;
  }
}
