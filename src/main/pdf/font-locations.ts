import { existsSync } from 'node:fs';

/**
 * TrueType fonts with Cyrillic glyphs at their usual places, preferred first: DejaVu Sans where
 * Linux distributions put it (Debian/Ubuntu, Fedora, Arch, Alpine, openSUSE), then Arial, which
 * macOS and Windows ship. Fonts must have glyf outlines (.ttf), not CFF (.otf).
 */
export function knownFontPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string[] {
  switch (platform) {
    case 'win32': {
      const fonts = `${env.WINDIR ?? 'C:\\Windows'}\\Fonts`;
      return [`${fonts}\\DejaVuSans.ttf`, `${fonts}\\arial.ttf`];
    }
    case 'darwin':
      return [
        '/Library/Fonts/DejaVuSans.ttf',
        ...(env.HOME ? [`${env.HOME}/Library/Fonts/DejaVuSans.ttf`] : []),
        '/System/Library/Fonts/Supplemental/Arial.ttf',
        '/Library/Fonts/Arial.ttf',
      ];
    default:
      return [
        '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
        '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
        '/usr/share/fonts/TTF/DejaVuSans.ttf',
        '/usr/share/fonts/dejavu/DejaVuSans.ttf',
        '/usr/share/fonts/truetype/DejaVuSans.ttf',
        '/usr/local/share/fonts/DejaVuSans.ttf',
      ];
  }
}

/**
 * The font to use: the path given (never replaced by another when it is missing), else the first
 * known path that exists. `path` is undefined when there is none; `looked` lists what was tried.
 */
export function findFont(
  given: string | undefined,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
  env: NodeJS.ProcessEnv = process.env,
): { path: string | undefined; looked: string[] } {
  const looked = given === undefined ? knownFontPaths(platform, env) : [given];
  return { path: looked.find((p) => exists(p)), looked };
}
