import { describe, expect, it } from 'vitest';
import { isCrossSitePost } from '@/lib/http/same-origin';

const headers = (values: Record<string, string>) => new Headers(values);

describe('a form post from another site', () => {
  it('is one when its Origin is another host, or not an origin at all', () => {
    expect(isCrossSitePost('POST', headers({ host: 'watchpost.example.com', origin: 'https://evil.example' }), undefined)).toBe(true);
    expect(isCrossSitePost('POST', headers({ host: 'watchpost.example.com', origin: 'null' }), undefined)).toBe(true);
  });

  it('is not one from the same host, behind a proxy, from the public URL, without Origin, or when it only reads', () => {
    expect(isCrossSitePost('POST', headers({ host: 'watchpost.example.com', origin: 'https://watchpost.example.com' }), undefined)).toBe(false);
    expect(isCrossSitePost('POST', headers({ host: '127.0.0.1:3000', 'x-forwarded-host': 'status.example.com, proxy', origin: 'https://status.example.com' }), undefined)).toBe(false);
    expect(isCrossSitePost('POST', headers({ host: '127.0.0.1:3000', origin: 'https://watchpost.example.com' }), 'https://watchpost.example.com')).toBe(false);
    expect(isCrossSitePost('POST', headers({ host: 'watchpost.example.com' }), undefined)).toBe(false);
    expect(isCrossSitePost('GET', headers({ host: 'watchpost.example.com', origin: 'https://evil.example' }), undefined)).toBe(false);
  });
});
