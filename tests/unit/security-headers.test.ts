import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isPageRequest, newNonce, securityHeaders } from '@/lib/http/security-headers';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));
}

describe('security headers', () => {
  it('give a page a nonce-based CSP that allows no framing, plugins, foreign forms or base URLs', () => {
    const nonce = newNonce();
    const policy = directives(contentSecurityPolicy({ nonce, https: false }));
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy.get('script-src')).not.toContain('unsafe');
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'self'");
    expect(policy.get('form-action')).toBe("'self'");
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('use a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('let nothing load from a non-page response', () => {
    const policy = directives(contentSecurityPolicy({ https: false }));
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
  });

  it('add HSTS and upgrade requests only over https', () => {
    const plain = securityHeaders({ https: false });
    expect(plain['Strict-Transport-Security']).toBeUndefined();
    const secure = securityHeaders({ https: true, nonce: newNonce() });
    expect(secure['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(secure['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    for (const headers of [plain, secure]) {
      expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Frame-Options': 'DENY' });
      expect(headers['Permissions-Policy']).toContain('camera=()');
      expect(headers['Permissions-Policy']).toContain('geolocation=()');
      expect(headers['Permissions-Policy']).toContain('publickey-credentials-get=(self)');
    }
  });

  it('let a response that chose to be embeddable be framed by any site', () => {
    const headers = securityHeaders({ https: false, nonce: newNonce(), framing: 'any' });
    expect(directives(headers['Content-Security-Policy']!).get('frame-ancestors')).toBe('*');
    expect(headers['X-Frame-Options']).toBeUndefined();
  });

  it('treat pages as pages, and APIs, the agent file, metrics and static files as not', () => {
    for (const path of ['/', '/login', '/monitors/0b6f4f3e-2c8b-4d0e-9f57-5a0f3b1c2d3e', '/dashboard']) expect(isPageRequest(path), path).toBe(true);
    for (const path of ['/api/health', '/api/v1/agent/heartbeats', '/agent/watchpost-agent.mjs', '/metrics', '/_next/static/chunks/a.js', '/icon.svg']) {
      expect(isPageRequest(path), path).toBe(false);
    }
  });
});
