/**
 * Local ESLint plugin enforcing the runtime layers of DESIGN.md §1.
 *
 * A file's layer is the folder under `src/` that holds it (`src/core/frame/x.ts` → `core`). Every
 * import, re-export, dynamic `import()` and `require()` with a literal specifier is checked:
 *   - a relative specifier is resolved to the `src/` folder it lands in, and that layer must be in
 *     the importer's allow-list below;
 *   - a bare specifier is checked only for runtime-specific modules: Node builtins (`fs`,
 *     `node:fs`, `fs/promises`), Node-only packages (native addons, `ws`, `tsx`) and `electron`.
 * Imports that resolve outside `src/` (fixtures, resources) are not a layering question and pass.
 *
 * Test files (`*.test.ts`, `*.spec.ts`) follow the same layer allow-list but may use Node builtins
 * and Node-only packages (they run under vitest in Node). Nothing may import `electron` outside
 * main and preload, tests included: it cannot even be loaded outside the Electron binary.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Which src folders each layer may import from (its own folder is always allowed). */
export const allowedLayers = {
  core: [],
  shared: ['core'],
  node: ['core', 'shared'],
  main: ['node', 'core', 'shared'],
  server: ['node', 'core', 'shared'],
  cli: ['server', 'node', 'core', 'shared'],
  preload: ['shared'],
  renderer: ['shared', 'core'],
};

/** Bare modules that only work in Node (or Electron's main process). */
export const nodeOnlyPackages = ['better-sqlite3', 'onnxruntime-node', 'ws', 'tsx'];

/**
 * Per layer: which runtime-specific bare modules are banned outside tests.
 * `electron` is handled separately (main and preload only, tests included).
 */
const runtimeBans = {
  core: { builtins: true, nodeOnly: true, why: 'core is pure TypeScript that runs anywhere' },
  shared: { builtins: true, nodeOnly: true, why: 'shared also runs in the preload and the renderer' },
  preload: { builtins: true, nodeOnly: true, why: 'a sandboxed preload can only load electron' },
  renderer: { builtins: true, nodeOnly: true, why: 'the renderer is a web page' },
};

const electronLayers = new Set(['main', 'preload']);
const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

const isTestFile = (file) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(file);

/** The package name of a bare specifier: `@scope/pkg/sub` → `@scope/pkg`, `fs/promises` → `fs`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(spec) {
  return spec.startsWith('node:') || builtins.has(packageName(spec));
}

const toPosix = (p) => p.split(path.sep).join('/');

/**
 * Locates a file in the layer tree: returns `{ srcRoot, layer }` when the file sits in
 * `src/<layer>/…`, else null. The path relative to the working directory is tried first so a repo
 * that itself lives under some `…/src/…` folder is not misread; then the last `/src/` segment.
 */
export function locate(file, cwd) {
  const abs = path.resolve(cwd, file);
  const rel = toPosix(path.relative(cwd, abs));
  if (rel.startsWith('src/')) {
    const layer = rel.split('/')[1];
    return { srcRoot: toPosix(path.join(cwd, 'src')), layer };
  }
  const posix = toPosix(abs);
  const i = posix.lastIndexOf('/src/');
  if (i < 0) return null;
  return { srcRoot: posix.slice(0, i + 4), layer: posix.slice(i + 5).split('/')[0] };
}

/** The src layer a relative specifier lands in, or null when it leaves `src/`. */
export function targetLayer(fromFile, spec, srcRoot) {
  const clean = spec.replace(/[?#].*$/, '');
  const target = toPosix(path.resolve(path.dirname(fromFile), clean));
  if (!target.startsWith(srcRoot + '/')) return null;
  const rest = target.slice(srcRoot.length + 1);
  // `src/x.ts` directly under src: treat the file name (without extension) as its "layer".
  return rest.split('/')[0].replace(/\.[cm]?[jt]sx?$/, '');
}

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the runtime layers of DESIGN.md §1 (which src folder may import which).' },
    schema: [],
    messages: {
      layer: 'src/{{from}} may not import from src/{{to}} (DESIGN.md §1)',
      main: 'Nothing may import from src/main (DESIGN.md §1)',
      runtime: "src/{{from}} may not import the {{what}} '{{spec}}': {{why}} (DESIGN.md §1)",
      electron: "src/{{from}} may not import 'electron': only src/main and src/preload run inside Electron (DESIGN.md §1)",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const cwd = context.cwd ?? context.getCwd();
    const where = locate(filename, cwd);
    const test = isTestFile(filename);

    function check(node, spec) {
      if (typeof spec !== 'string' || spec === '') return;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        if (!where) {
          // Outside src (test/, scripts/): only the "nothing imports main" rule applies.
          const abs = toPosix(path.resolve(path.dirname(filename), spec));
          const srcMain = toPosix(path.join(cwd, 'src', 'main')) + '/';
          if ((abs + '/').startsWith(srcMain)) context.report({ node, messageId: 'main' });
          return;
        }
        const to = targetLayer(filename, spec, where.srcRoot);
        if (to === null || to === where.layer) return;
        if (to === 'main') {
          context.report({ node, messageId: where.layer in allowedLayers ? 'layer' : 'main', data: { from: where.layer, to } });
          return;
        }
        const allowed = allowedLayers[where.layer];
        if (allowed && !allowed.includes(to)) {
          context.report({ node, messageId: 'layer', data: { from: where.layer, to } });
        }
        return;
      }
      if (!where) return;
      const pkg = packageName(spec);
      if (pkg === 'electron') {
        if (!electronLayers.has(where.layer) && where.layer in allowedLayers) {
          context.report({ node, messageId: 'electron', data: { from: where.layer } });
        }
        return;
      }
      const ban = runtimeBans[where.layer];
      if (!ban || test) return;
      if (ban.builtins && isBuiltin(spec)) {
        context.report({ node, messageId: 'runtime', data: { from: where.layer, what: 'Node builtin', spec, why: ban.why } });
      } else if (ban.nodeOnly && nodeOnlyPackages.includes(pkg)) {
        context.report({ node, messageId: 'runtime', data: { from: where.layer, what: 'Node-only package', spec, why: ban.why } });
      }
    }

    const literal = (n) => (n && n.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined);

    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => check(n.source, literal(n.source) ?? (n.source.type === 'TemplateLiteral' && n.source.expressions.length === 0 ? n.source.quasis[0].value.cooked : undefined)),
      TSImportEqualsDeclaration: (n) => n.moduleReference.type === 'TSExternalModuleReference' && check(n.moduleReference.expression, literal(n.moduleReference.expression)),
      TSImportType: (n) => {
        // typescript-eslint 8: `argument` is a TSLiteralType wrapping the string literal.
        const arg = n.argument;
        const lit = arg && arg.type === 'TSLiteralType' ? arg.literal : arg;
        check(n, literal(lit));
      },
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1) {
          check(n.arguments[0], literal(n.arguments[0]));
        }
      },
    };
  },
};

/** The plugin object for `plugins: { layers }` in eslint.config.js. */
const plugin = {
  meta: { name: 'modelbench-layers', version: '1.0.0' },
  rules: { 'allowed-imports': allowedImports },
};

export default plugin;
