import packageJson from '../package.json';

export const WATCHPOST_VERSION: string = packageJson.version;
