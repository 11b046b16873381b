// The console's calls to the /v1 API: the session cookie goes along, state changes carry the CSRF token.
let csrf = null;

export function useCsrf(token) { csrf = token; }

export class Problem extends Error {
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function call(method, path, { body, headers = {} } = {}) {
  const sent = { Accept: 'application/json', ...headers };
  if (method !== 'GET' && csrf) sent[csrf.header] = csrf.token;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers: sent, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    location.assign('/console/login');
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) throw new Problem(response.status, data);
  return { data, etag: response.headers.get('ETag') };
}

export const envPath = env => `/v1/envs/${encodeURIComponent(env)}`;
export const flagPath = (env, key) => `${envPath(env)}/flags/${encodeURIComponent(key)}`;
