import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from '@/lib/auth/redirect';
import { inTime } from '@/lib/time';

describe('where sign-in leads', () => {
  it.each([
    ['/settings', '/settings'],
    ['/monitors?status=down', '/monitors?status=down'],
    ['/dashboard#incidents', '/dashboard#incidents'],
  ])('keeps the same-site path %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/dashboard',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'dashboard',
    '',
    '/login?next=/settings',
    undefined,
    42,
  ])('sends %j to the dashboard', (next) => {
    expect(safeNextPath(next)).toBe('/dashboard');
  });

  it('builds the login URL that comes back', () => {
    expect(loginPath('/settings?tab=1')).toBe('/login?next=%2Fsettings%3Ftab%3D1');
    expect(loginPath(null)).toBe('/login');
  });
});

describe('inTime', () => {
  it('says when to retry in words', () => {
    expect(inTime(1)).toBe('in 1 second');
    expect(inTime(45)).toBe('in 45 seconds');
    expect(inTime(60)).toBe('in 1 minute');
    expect(inTime(14 * 60 + 1)).toBe('in 15 minutes');
  });
});
