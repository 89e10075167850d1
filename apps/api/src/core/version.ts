// Read once at load; package.json sits at the repository root in both the source tree and dist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function readVersion(): string {
  for (const dir of [join(__dirname, '../../../..'), join(__dirname, '../../../../..'), process.cwd()]) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'babillard' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
