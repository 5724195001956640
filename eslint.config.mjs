// Lookout's lint: Next.js + typescript-eslint recommendations, the layer rules from docs/architecture.md
// (eslint-plugin-boundaries), "@/" for imports that cross a layer, and drizzle's guard against
// UPDATE/DELETE without WHERE. Run with `npm run lint`; `npm test` runs it first.
import path from 'node:path';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import boundaries from 'eslint-plugin-boundaries';
import drizzle from 'eslint-plugin-drizzle';

const ROOT = import.meta.dirname;

/** Top-level folder of a repository path ("lib/triage/x.ts" → "lib"); "" for files at the root. */
function layerOf(file) {
  const relative = path.relative(ROOT, file);
  return relative.includes(path.sep) ? relative.split(path.sep)[0] : '';
}

// A relative import that leaves its top-level folder ("../../db/client" from lib/) hides which layer it
// reaches; "@/db/client" says it. Relative imports inside one folder stay: they move with the folder.
const crossLayerAlias = {
  meta: {
    type: 'suggestion',
    fixable: 'code',
    messages: { useAlias: 'Import from another layer with "@/{{target}}", not a relative path.' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('./') && !source.value.startsWith('../')) return;
      const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), source.value));
      if (layerOf(path.join(ROOT, target)) === from || target.startsWith('..')) return;
      const alias = target.split(path.sep).join('/');
      context.report({
        node: source,
        messageId: 'useAlias',
        data: { target: alias },
        fix: (fixer) => fixer.replaceText(source, `'@/${alias}'`),
      });
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const TOOLING = ['tests', 'e2e', 'bench', 'scripts'];

// The finer layer rules are import-string rules: the alias rule above makes every cross-layer import an
// "@/…" string, so a pattern on the string is exact. (Written with no-restricted-imports because
// eslint-plugin-boundaries 7 did not match external modules or file categories in our trials.)
const WEB_FRAMEWORKS = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'next', 'next/*', 'next-auth', 'next-auth/*', '@auth/*'],
  message: 'lib/ and db/ run in the CLI and tests too: no React, Next or Auth.js here.',
};
// Plain values and types (enum values, id limits, filter shapes) that the schema shares with the domain.
const VOCABULARIES = '(platform|triage|police)/contract|platform/age-band|auth/roles|risk/patterns|triage/filter';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', '.data*/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**']),
  {
    plugins: { boundaries, lookout: { rules: { 'cross-layer-alias': crossLayerAlias } }, drizzle },
    settings: {
      // Each top-level folder is one layer (docs/architecture.md).
      'boundaries/elements': ['app', 'components', 'server', 'lib', 'db', 'cli', 'tests', 'e2e', 'bench', 'scripts'].map(
        (folder) => ({ type: folder, pattern: folder, partialMatch: false }),
      ),
    },
    rules: {
      'lookout/cross-layer-alias': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'lib' } },
              disallow: { to: { element: { types: { anyOf: ['app', 'components', 'server', 'cli', ...TOOLING] } } } },
              message: 'lib/ is the domain: it imports db/ and lib/, never app/, components/, server/ or cli/.',
            },
            {
              from: { element: { type: 'db' } },
              disallow: { to: { element: { types: { anyOf: ['app', 'components', 'server', 'cli', ...TOOLING] } } } },
              message: 'db/ is the bottom layer: it imports only db/ and the lib vocabularies (see below).',
            },
            {
              from: { element: { type: 'components' } },
              disallow: { to: { element: { types: { anyOf: ['db', 'cli', ...TOOLING] } } } },
              message: 'Components take their data as props: no db/ (load it in the page and pass it down).',
            },
            {
              from: { element: { type: 'server' } },
              disallow: { to: { element: { types: { anyOf: ['app', 'components', 'cli', ...TOOLING] } } } },
              message: 'server/ is web glue under the pages: no app/, components/ or cli/.',
            },
            {
              from: { element: { types: { anyOf: ['app', 'cli'] } } },
              disallow: { to: { element: { types: { anyOf: TOOLING } } } },
              message: 'Product code never imports tests, e2e seeds, benchmarks or scripts.',
            },
          ],
        },
      ],
      // "_" marks a value dropped on purpose (a rest sibling removed from an object, an unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'ctx.db'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'ctx.db'] }],
    },
  },
  {
    // Tests and seeds empty whole tables between cases on purpose.
    files: ['tests/**', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: { 'drizzle/enforce-delete-with-where': 'off', 'drizzle/enforce-update-with-where': 'off' },
  },
  {
    files: ['lib/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [WEB_FRAMEWORKS] }] },
  },
  {
    files: ['db/**', 'drizzle.config.ts'],
    rules: {
      // drizzle-kit loads db/schema without tsconfig paths, so db/ keeps relative imports.
      'lookout/cross-layer-alias': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            WEB_FRAMEWORKS,
            { regex: `^(@/|(\\.\\./)+)lib/(?!(${VOCABULARIES})$)`, message: 'db/ imports from lib/ only its vocabularies (contracts, roles, patterns, filter).' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@/(server/(?!auth-actions$)|app/(?!.*/actions$))',
              allowTypeImports: true,
              message: 'Components reach app/ and server/ only through server actions (…/actions.ts) and types, never their data access.',
            },
          ],
        },
      ],
    },
  },
]);
