import 'server-only';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// /docs/api: the API reference, rendered in the browser by Scalar (@scalar/api-reference, its
// standalone build served from this server at /docs/api/scalar.js) from /api/v1/openapi.json.
// Under the app's CSP, unchanged: the page's scripts carry its nonce, and so does every <style>
// Scalar injects (its main sheet reads <meta property="csp-nonce">; the theme's and the
// toasts' do not, so the page's first script gives each new <style> the nonce). The zod
// inside Scalar would probe eval with Function(''), which the CSP refuses and reports:
// jitless, it does not. Everything that would reach another host is off (web fonts,
// telemetry, the hosted client and AI agent); the CSP would refuse them anyway.
// Trap: an element with id="api-reference" makes the bundle mount a second, empty reference.

const SCALAR_FILE = path.join(process.cwd(), 'node_modules', '@scalar', 'api-reference', 'dist', 'browser', 'standalone.js');
let scalar: { code: Buffer; etag: string } | null = null;

/** Scalar's standalone build, read once. */
export function scalarBundle(): { code: Buffer; etag: string } {
  if (!scalar) {
    const code = readFileSync(SCALAR_FILE);
    scalar = { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
  }
  return scalar;
}

/** The configuration the page gives Scalar (https://github.com/scalar/scalar, packages/types api-reference configuration). */
export const SCALAR_CONFIGURATION = {
  url: '/api/v1/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  documentDownloadType: 'json',
  theme: 'default',
};

const STYLE_NONCE_SHIM = [
  'globalThis.__zod_globalConfig = { jitless: true };',
  '{ const nonce = document.currentScript.nonce; const createElement = Document.prototype.createElement;',
  '  Document.prototype.createElement = function (...args) { const element = createElement.apply(this, args);',
  "    if (element instanceof HTMLStyleElement) element.setAttribute('nonce', nonce); return element; }; }",
].join('\n');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: Scalar's script and its start, with this response's nonce. */
export function apiReferencePage(nonce: string): string {
  const n = escapeHtml(nonce);
  // JSON in a script: `<` escaped, so no text of it can close the element.
  const configuration = JSON.stringify(SCALAR_CONFIGURATION).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="csp-nonce" content="${n}">
<title>API reference · Watchpost</title>
<link rel="icon" href="/icon.svg">
</head>
<body>
<noscript>The reference needs JavaScript. The document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>; docs/api.md has curl examples.</noscript>
<div id="reference"></div>
<script nonce="${n}">${STYLE_NONCE_SHIM}</script>
<script nonce="${n}" src="/docs/api/scalar.js"></script>
<script nonce="${n}">Scalar.createApiReference('#reference', ${configuration});</script>
</body>
</html>
`;
}

/** The nonce the front (lib/http/front.ts) put in this request's policy. */
export function nonceOf(request: Request): string | null {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(request.headers.get('content-security-policy') ?? '')?.[1] ?? null;
}
