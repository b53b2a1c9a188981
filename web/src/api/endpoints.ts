import { http } from './client';
import type {
  ApiTokenView,
  AuditEntry,
  AuditQuery,
  ChangePasswordBody,
  CreateApiTokenBody,
  CreateOutletBody,
  CreateUserBody,
  CreatedApiToken,
  LoginBody,
  Me,
  Ok,
  OutletQuery,
  OutletView,
  Page,
  ResetPasswordBody,
  SessionView,
  UpdateOutletBody,
  UpdatePreferencesBody,
  UpdateUserBody,
  UserQuery,
  UserView,
  UserWithPassword,
} from './types';

const id = (value: string) => encodeURIComponent(value);

/** One function per API endpoint the web app uses. */
export const api = {
  auth: {
    login: (body: LoginBody) => http.post<Me>('/api/auth/login', body, { skipAuthRedirect: true }),
    logout: () => http.post<Ok>('/api/auth/logout', {}, { skipAuthRedirect: true }),
    me: () => http.get<Me>('/api/auth/me'),
    changePassword: (body: ChangePasswordBody) => http.post<Me>('/api/auth/password', body),
    preferences: (body: UpdatePreferencesBody) => http.patch<Me>('/api/auth/preferences', body),
    sessions: () => http.get<{ items: SessionView[] }>('/api/auth/sessions'),
    revokeSession: (sessionId: string) => http.delete<Ok>(`/api/auth/sessions/${id(sessionId)}`),
  },
  users: {
    list: (query: UserQuery) => http.get<Page<UserView>>('/api/users', query),
    get: (userId: string) => http.get<UserView>(`/api/users/${id(userId)}`),
    create: (body: CreateUserBody) => http.post<UserWithPassword>('/api/users', body),
    update: (userId: string, body: UpdateUserBody) => http.patch<UserView>(`/api/users/${id(userId)}`, body),
    resetPassword: (userId: string, body: ResetPasswordBody = {}) =>
      http.post<UserWithPassword>(`/api/users/${id(userId)}/reset-password`, body),
    revokeSessions: (userId: string) => http.post<Ok>(`/api/users/${id(userId)}/revoke-sessions`, {}),
  },
  outlets: {
    list: (query: OutletQuery) => http.get<Page<OutletView>>('/api/outlets', query),
    get: (outletId: string) => http.get<OutletView>(`/api/outlets/${id(outletId)}`),
    create: (body: CreateOutletBody) => http.post<OutletView>('/api/outlets', body),
    update: (outletId: string, body: UpdateOutletBody) => http.patch<OutletView>(`/api/outlets/${id(outletId)}`, body),
  },
  audit: {
    list: (query: AuditQuery) => http.get<Page<AuditEntry>>('/api/audit', query),
  },
  tokens: {
    list: () => http.get<{ items: ApiTokenView[] }>('/api/tokens'),
    create: (body: CreateApiTokenBody) => http.post<CreatedApiToken>('/api/tokens', body),
    revoke: (tokenId: string) => http.delete<Ok>(`/api/tokens/${id(tokenId)}`),
  },
};
