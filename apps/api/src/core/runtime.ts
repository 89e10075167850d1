import type { AppConfig } from '../config/app-config';

/** What bootstrap resolved before Nest starts: validated config, the database and the install's secrets. */
export interface Runtime {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  encryptionKey: string;
}

export const RUNTIME = Symbol('RUNTIME');
