// An electron-builder afterPack hook for `npm run pack:check` only (scripts/pack-check.sh passes it
// with --config.afterPack): writes the desktop entry electron-builder's deb, rpm and AppImage targets
// would install, computed by electron-builder's own code from electron-builder.yml and package.json,
// to dist/desktop-entry/<name>.desktop. Those targets cannot run here (their tools come from GitHub),
// so this is how test/packaging checks the installed entry (file name, Exec, StartupWMClass, Icon,
// Categories, Keywords) and runs desktop-file-validate on it.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js');

/** @param {{ packager: any, outDir: string, electronPlatformName: string }} context */
export default async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') return;
  const { packager } = context;
  const helper = new LinuxTargetHelper(packager);
  // The Linux options the fpm targets start from (their own rpm/deb options only add packaging keys).
  const text = await helper.computeDesktopEntry(packager.platformSpecificBuildOptions);
  const dir = join(context.outDir, 'desktop-entry');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${helper.getDesktopFileName()}.desktop`), text);
}
