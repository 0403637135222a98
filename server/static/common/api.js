// Calls to /api/v1 with the device token (or the staff session cookie).
// Every failure becomes an ApiError with a stable code, so pages can say what happened.
import { deviceToken } from './device.js';

export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;   // 0 when the server could not be reached
    this.code = code;
    this.details = details;
  }
  get offline() { return this.status === 0; }
}

// Every write is JSON, even without a body: the server refuses a signed-in write that
// is not (a cross-site form could send it). A file upload (`form`, a FormData) cannot be
// JSON and carries the session's CSRF token instead.
export async function api(path, { method = 'GET', body, form, idempotencyKey, timeoutMs = 8000 } = {}) {
  const headers = { 'Accept': 'application/json' };
  const token = deviceToken();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (form) Object.assign(headers, await csrfHeader());
  else if (method !== 'GET') headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin', signal: controller.signal,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch (error) {
    throw new ApiError(0, 'offline', 'The server could not be reached.');
  } finally {
    clearTimeout(timer);
  }
  let payload = null;
  try { payload = await response.json(); } catch (error) { payload = null; }
  if (!response.ok) {
    const { error = 'error', message = response.statusText, ...details } = payload || {};
    throw new ApiError(response.status, error, message, details);
  }
  return payload;
}

// Asked just before each upload: the token belongs to the session, which a sign-in renews.
async function csrfHeader() {
  const { csrf_token: csrfToken, header } = await api('/auth/csrf-token');
  return { [header]: csrfToken };
}

// A fresh key per visitor action; a retry of the same action reuses it.
export function newIdempotencyKey() {
  return crypto.randomUUID ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
