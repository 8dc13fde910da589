// API client: the bearer token lives in localStorage (this browser profile only) and rides on
// every request; a 401 sends the user back to the sign-in form.
const TOKEN_KEY = 'borderwatch.token';

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (t) => localStorage.setItem(TOKEN_KEY, t),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body) {
  const headers = { Authorization: `Bearer ${token.get() ?? ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    token.clear();
    window.dispatchEvent(new Event('bw:signed-out'));
  }
  if (!res.ok) {
    let code = 'HTTP_' + res.status, message = res.statusText;
    try {
      const j = await res.json();
      code = j.error?.code ?? code;
      message = j.error?.message ?? message;
    } catch { /* not JSON */ }
    throw new ApiFailure(res.status, code, message);
  }
  return res;
}

export const api = {
  get: async (path) => (await request('GET', path)).json(),
  post: async (path, body) => (await request('POST', path, body)).json(),
  put: async (path, body) => (await request('PUT', path, body)).json(),
  del: async (path) => request('DELETE', path),
  /** An authorised image as an object URL (an <img src> cannot carry the bearer header). */
  imageUrl: async (path) => URL.createObjectURL(await (await request('GET', path)).blob()),
};

export const enc = encodeURIComponent;
