import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  agentIdOfToken,
  decryptAgentToken,
  encryptAgentToken,
  generateAgentToken,
  serverKey,
  tokensMatch,
} from '@/lib/crypto/agent-keys';

const key = serverKey(randomBytes(32).toString('base64'));

describe('agent tokens', () => {
  it('start with wpa_, name their agent, and carry 256 random bits', () => {
    const agentId = randomUUID();
    const a = generateAgentToken(agentId);
    const b = generateAgentToken(agentId);
    expect(a).toMatch(/^wpa_[A-Za-z0-9_-]{65}$/);
    expect(agentIdOfToken(a)).toBe(agentId);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(-43), 'base64url')).toHaveLength(32);
  });

  it.each(['', 'wpa_', 'Bearer x', `wpa_${'!'.repeat(65)}`, `xpa_${'a'.repeat(65)}`, `wpa_${'a'.repeat(66)}`])(
    'refuse the malformed %j',
    (token) => expect(agentIdOfToken(token)).toBeNull(),
  );
});

describe('stored agent keys (AES-256-GCM)', () => {
  const agentId = randomUUID();
  const token = generateAgentToken(agentId);

  it('never store the token itself, and differ each time the same token is encrypted', () => {
    const first = encryptAgentToken(token, agentId, key);
    const second = encryptAgentToken(token, agentId, key);
    expect(first.includes(Buffer.from(token))).toBe(false);
    expect(first.equals(second)).toBe(false);
    expect(first.subarray(5, 17).equals(second.subarray(5, 17))).toBe(false);
    expect(decryptAgentToken(first, agentId, [key])).toBe(token);
    expect(decryptAgentToken(second, agentId, [key])).toBe(token);
  });

  it('do not open when tampered with, moved to another agent, or under another key', () => {
    const stored = encryptAgentToken(token, agentId, key);
    for (const offset of [0, 3, 10, 20, stored.length - 1]) {
      const tampered = Buffer.from(stored);
      tampered[offset]! ^= 0x01;
      expect(decryptAgentToken(tampered, agentId, [key]), `byte ${offset}`).toBeNull();
    }
    expect(decryptAgentToken(stored, randomUUID(), [key])).toBeNull();
    expect(decryptAgentToken(stored, agentId, [serverKey(randomBytes(32).toString('base64'))])).toBeNull();
    expect(decryptAgentToken(Buffer.alloc(0), agentId, [key])).toBeNull();
  });

  it('open with whichever accepted key made them, found by key id', () => {
    const old = serverKey(randomBytes(32).toString('base64'));
    const stored = encryptAgentToken(token, agentId, old);
    expect(decryptAgentToken(stored, agentId, [key, old])).toBe(token);
  });

  it('compare tokens whole', () => {
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(tokensMatch(token, token.slice(0, -1))).toBe(false);
  });
});
