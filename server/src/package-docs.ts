// Finds the rule documentation shipped with the server, so diagnostics can link to pages that work offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The package root holding `docs/rules`: beside `dist/` when bundled, three levels up from the sources in development. */
export function findPackageRoot(start: string = __dirname): string | undefined {
  let dir = start;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'docs', 'rules'))) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

export function docsUri(packageRoot: string | undefined, docsPath: string): string | undefined {
  return packageRoot ? pathToFileURL(path.join(packageRoot, docsPath)).toString() : undefined;
}
