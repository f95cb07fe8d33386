// npm's `prepare` lifecycle script: builds dist/ (which git does not hold) wherever npm turns this
// repository into an installed package. npm runs it on `npm ci` / `npm install` in a clone, before
// `npm pack` / `npm publish`, and on the clone it makes for `npm install [-g] git+<url>`.
// Every case ends in a fresh `npm run build`: dist/ is emptied first, so no file of a deleted source
// reaches a package.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const { name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const env = process.env;

/** npm itself, as the lifecycle gave it to us (npm_execpath), else the one on PATH. */
function npm(args, options = {}) {
  const [command, prefix] = env.npm_execpath ? [process.execPath, [env.npm_execpath]] : ['npm', []];
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: !env.npm_execpath && process.platform === 'win32',
    ...options,
  });
  if (result.status !== 0) {
    console.error(
      `${name} prepare: \`npm ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(result.status || 1);
  }
}

// `npm install -g git+<url>` with npm up to 11 (npm/cli#4148, #8440; fixed in npm 12, whose
// preparation passes --global=false): npm prepares the clone with a nested `npm install` that inherits
// --global, so it installs none of the clone's dependencies and links the clone itself into the global
// node_modules. The real install then unpacks the package through that link into the temporary clone,
// which npm deletes: the installed bins dangle. Recognised by pacote's marker for a git dependency's
// preparation together with the global flag; in that case put back a plain directory for the package
// to be unpacked into, and install what the build needs (from package-lock.json, scripts off).
if (env._PACOTE_NO_PREPARE_ !== undefined && env.npm_config_global === 'true' && env.npm_config_prefix) {
  const modules =
    process.platform === 'win32'
      ? join(env.npm_config_prefix, 'node_modules')
      : join(env.npm_config_prefix, 'lib', 'node_modules');
  const link = join(modules, name);
  let isLinkToUs = false;
  try {
    isLinkToUs = lstatSync(link).isSymbolicLink() && realpathSync(link) === realpathSync(ROOT);
  } catch {
    // no link: nothing to undo
  }
  if (isLinkToUs) {
    unlinkSync(link);
    mkdirSync(link);
  }
  const local = Object.fromEntries(
    Object.entries(env).filter(
      ([key]) => !/^npm_config_(global|location|prefix|global_prefix|local_prefix)$/i.test(key),
    ),
  );
  npm(['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { env: local });
}

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
npm(['run', 'build']);
