import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, http, onUnauthorized, setCsrfToken, withQuery } from './client';
import { mockFetch } from '../test-utils';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onUnauthorized(null);
});

describe('api client', () => {
  it('builds query strings without empty values', () => {
    expect(withQuery('/api/users', { q: '张', role: undefined, page: 2, isDisabled: '' })).toBe('/api/users?q=%E5%BC%A0&page=2');
    expect(withQuery('/api/users', {})).toBe('/api/users');
  });

  it('sends the CSRF token on state-changing requests only', async () => {
    const calls = mockFetch(() => ({ body: { ok: true } }));
    setCsrfToken('tok');
    await http.get('/api/a');
    await http.post('/api/b', { x: 1 });
    await http.delete('/api/c');
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[1].headers['X-CSRF-Token']).toBe('tok');
    expect(calls[1].body).toEqual({ x: 1 });
    expect(calls[2].headers['X-CSRF-Token']).toBe('tok');
  });

  it('turns the error body into an ApiError with details', async () => {
    mockFetch(() => ({
      status: 400,
      body: { error: { code: 'validation_error', message: '输入有误', details: [{ path: ['username'], message: '已存在' }] } },
    }));
    const error = await http.post('/api/users', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_error', message: '输入有误', details: [{ path: ['username'], message: '已存在' }] });
  });

  it('reports 401 to the unauthorized listener', async () => {
    mockFetch(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'sign in' } } }));
    const listener = vi.fn();
    onUnauthorized(listener);
    await expect(http.get('/api/users')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('copes with a non-JSON error body', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(http.get('/api/x')).rejects.toMatchObject({ status: 502, code: 'internal_error' });
  });
});
