import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import type { Certificate } from '../../lib/contracts/certificates';

// What a TLS server presented: the leaf's names, issuer, serial, fingerprint and dates, and
// the earliest expiry in its chain. And TLS failures in words a person acts on.

const nameOf = (dn: PeerCertificate['subject'] | undefined): string => {
  if (!dn) return '';
  const fields = dn as unknown as Record<string, string | string[]>;
  const cn = fields.CN;
  if (cn) return Array.isArray(cn) ? cn.join(', ') : cn;
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
};

const iso = (date: string) => new Date(date).toISOString();

/** The certificate of a connected TLS socket, or null when it presented none. */
export function certificateOf(socket: TLSSocket): Certificate | null {
  const leaf = socket.getPeerCertificate(true) as DetailedPeerCertificate;
  if (!leaf || !leaf.valid_to || !leaf.fingerprint256) return null;
  let chainNotAfter = Date.parse(leaf.valid_to);
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert?.valid_to && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chainNotAfter = Math.min(chainNotAfter, Date.parse(cert.valid_to));
  }
  const issuer = leaf.issuer as unknown as Record<string, string> | undefined;
  return {
    subject: nameOf(leaf.subject).slice(0, 500),
    sans: (leaf.subjectaltname ?? '')
      .split(/,\s*/)
      .filter(Boolean)
      .map((name) => name.replace(/^(DNS|IP Address):/, ''))
      .slice(0, 200),
    issuer: [issuer?.CN, issuer?.O].filter(Boolean).join(' · ').slice(0, 500) || nameOf(leaf.issuer).slice(0, 500),
    serial: String(leaf.serialNumber ?? '').slice(0, 100),
    fingerprint: leaf.fingerprint256.replaceAll(':', '').toUpperCase(),
    notBefore: iso(leaf.valid_from),
    notAfter: iso(leaf.valid_to),
    chainNotAfter: new Date(chainNotAfter).toISOString(),
  };
}

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate is in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the issuer is not trusted (is the chain incomplete?)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer is not trusted (is the chain incomplete?)',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer is not trusted',
  CERT_REVOKED: 'the certificate was revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
};

/** "TLS certificate not trusted: the certificate has expired (CERT_HAS_EXPIRED)", or null when not a certificate error. */
export function tlsProblem(error: unknown): string | null {
  const code = (error as { code?: string })?.code ?? '';
  if (!/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET|ERR_TLS|HOSTNAME_MISMATCH/.test(code)) return null;
  const reason = TLS_REASONS[code];
  return reason ? `TLS certificate not trusted: ${reason} (${code})` : `TLS certificate not trusted (${code})`;
}
