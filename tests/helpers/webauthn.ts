import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

// A software authenticator for integration tests: makes the registration and sign-in
// answers a browser would send (attestation "none", ES256), with knobs to get them wrong
// (another origin or RP ID, no user verification, a counter of our choosing).

type Cbor = number | string | Buffer | Cbor[] | Map<number | string, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  if (length < 65536) return Buffer.from([(major << 5) | 25, length >> 8, length & 255]);
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

/** The few CBOR types WebAuthn needs. */
export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item)])]);
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

export interface Answer {
  origin?: string;
  rpID?: string;
  userVerified?: boolean;
}

export function softwareAuthenticator(userId: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const credentialId = randomBytes(16);
  const cose = cbor(new Map<number, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]));
  const flags = (answer: Answer, extra: number) => 0x01 | (answer.userVerified === false ? 0 : 0x04) | extra;
  const counter = (n: number) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(n);
    return out;
  };
  const clientData = (type: string, challenge: string, answer: Answer, rp: { origin: string }) =>
    Buffer.from(JSON.stringify({ type, challenge, origin: answer.origin ?? rp.origin, crossOrigin: false }));
  return {
    id: b64(credentialId),
    /** What the browser sends after navigator.credentials.create(). */
    register(options: { challenge: string }, rp: { rpID: string; origin: string }, answer: Answer = {}) {
      const authData = Buffer.concat([
        sha256(answer.rpID ?? rp.rpID),
        Buffer.from([flags(answer, 0x40)]),
        counter(0),
        Buffer.alloc(16),
        Buffer.from([credentialId.length >> 8, credentialId.length & 255]),
        credentialId,
        cose,
      ]);
      return {
        id: b64(credentialId),
        rawId: b64(credentialId),
        type: 'public-key' as const,
        response: {
          clientDataJSON: b64(clientData('webauthn.create', options.challenge, answer, rp)),
          attestationObject: b64(cbor(new Map<string, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]))),
          transports: ['internal' as const],
        },
        clientExtensionResults: {},
      };
    },
    /** What the browser sends after navigator.credentials.get(), signed with `signCount`. */
    signIn(options: { challenge: string }, rp: { rpID: string; origin: string }, signCount: number, answer: Answer = {}) {
      const authenticatorData = Buffer.concat([sha256(answer.rpID ?? rp.rpID), Buffer.from([flags(answer, 0)]), counter(signCount)]);
      const clientDataJSON = clientData('webauthn.get', options.challenge, answer, rp);
      const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), privateKey);
      return {
        id: b64(credentialId),
        rawId: b64(credentialId),
        type: 'public-key' as const,
        response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authenticatorData), signature: b64(signature), userHandle: b64(userId) },
        clientExtensionResults: {},
      };
    },
  };
}
