import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// What a service's own code imports from elsewhere: the test harness only in tests, other services
// only through ServiceClient (@emporium/platform-http).
const SERVICE_IMPORT_BANS = [
  { name: '@emporium/testing', message: 'Test-only: import it from spec files.' },
  {
    name: 'undici',
    message: 'Call another service with ServiceClient from @emporium/platform-http.',
  },
  {
    name: 'opossum',
    message: 'ServiceClient (@emporium/platform-http) carries the circuit breaker.',
  },
];

// What no service's own code imports: the bans above, and PeriodicTask, a job the platform does.
const SERVICE_PATHS = [
  ...SERVICE_IMPORT_BANS,
  {
    name: '@emporium/platform-app',
    importNames: ['PeriodicTask'],
    message: 'Mark the method @Periodic(every); the platform runs it.',
  },
];

// Imports point inward (STYLE.md "Inside a service"): http and messaging → application → domain,
// persistence. A layer is a folder at the top of src/ or of a feature folder (the gateway's edge/,
// webhooks/, …), reached by a relative import: `../application/x`, `../../http/dto/y`, or from
// another feature `../../identity/persistence/z`. domain/ has an allow-list of its own below.
const OUTER_LAYERS = {
  persistence: ['application', 'http', 'messaging'],
  application: ['http', 'messaging'],
  http: ['messaging'],
  messaging: ['http'],
};

/** A layer's import rule: what no service imports, and the layers further out than it. */
function layerImports(layer, paths = SERVICE_PATHS) {
  const outer = OUTER_LAYERS[layer];
  return [
    'error',
    {
      paths,
      patterns: [
        {
          group: outer.map((folder) => `../**/${folder}/*`),
          message: `Imports point inward: ${layer}/ imports no ${outer.join('/, ')}/ (STYLE.md "Inside a service").`,
        },
      ],
    },
  ];
}

// Pure computation, no I/O: what domain rules may use besides contracts and Node's built-ins.
const PURE_LIBRARIES = [
  '@emporium/forecasting', // analytics and logistics: Holt-Winters daily forecasts
  'simple-statistics', // analytics: means, quantiles, deviations
  'node-fpgrowth', // analytics: frequent itemsets behind product associations
  'sanitize-html', // catalog: what a content page's HTML may hold
  'pinyin-pro', // catalog: how shoppers spell product names in pinyin
  'opencc-js', // catalog: traditional characters folded into simplified ones for search
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Anything but contracts, a pure library, a node: built-in or a file of the same domain/ folder.
const OUTSIDE_THE_DOMAIN = `^(?!(?:${['@emporium/contracts', ...PURE_LIBRARIES].map(escapeRegExp).join('|')})$|node:|\\./(?!.*\\.\\.))`;

// Copies of what exists once in a lib (STYLE.md "One of each").
const ONE_OF_EACH = [
  {
    selector:
      'VariableDeclarator[id.name="money"][init.type=/FunctionExpression$/], FunctionDeclaration[id.name="money"]',
    message: 'Use money() or moneyFrom() from @emporium/contracts.',
  },
  {
    selector:
      'VariableDeclarator[id.name=/^STAFF(_ROLES)?$/], VariableDeclarator[id.name=/^is(Staff|Merchant)$/], FunctionDeclaration[id.name=/^is(Staff|Merchant)$/]',
    message:
      'Staff and merchant roles have one definition: STAFF_ROLES, MERCHANT_ROLES, isStaff(), isMerchant() from @emporium/contracts.',
  },
  {
    selector:
      'FunctionDeclaration[id.name=/^(queryRows|queryRow|updatedRows|changedCount|lockKey)$/], VariableDeclarator[id.name=/^(queryRows|queryRow|updatedRows|changedCount|lockKey)$/]',
    message:
      'Named queries type their rows with queryRows(), queryRow(), updatedRows() and changedCount() from @emporium/platform-persistence.',
  },
];

const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.browser-spec.ts',
  '**/test/**/*.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '**/dist',
      'tmp',
      'coverage',
      '.nx',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strict],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-extraneous-class': 'off', // Nest modules are decorated empty classes
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:contracts',
                'type:pure',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['*'],
            },
            {
              sourceTag: 'type:pure',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['*'],
            },
            { sourceTag: 'type:broker', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:contracts',
                'type:broker',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:client'],
            },
            // Published for frontends: the generated types, openapi-fetch and an SSE parser, nothing of the platform.
            {
              sourceTag: 'type:client',
              onlyDependOnLibsWithTags: [],
              allowedExternalImports: ['openapi-fetch', 'eventsource-parser'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...[
              'gateway',
              'catalog',
              'orders',
              'payments',
              'logistics',
              'customer-service',
              'analytics',
              'e2e',
            ].map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    // Services use the test harness only in their tests, and call each other through one client.
    files: ['apps/*/src/**/*.ts'],
    ignores: [...TEST_FILES, 'apps/e2e/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: SERVICE_PATHS }],
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message:
            'Call another service with ServiceClient from @emporium/platform-http (trace context, request id, breaker, metrics).',
        },
      ],
    },
  },
  // Each layer folder reaches only the layers inside it; domain/ only what is pure.
  ...Object.keys(OUTER_LAYERS).map((layer) => ({
    files: [`apps/*/src/**/${layer}/**/*.ts`],
    ignores: [...TEST_FILES, 'apps/e2e/**'],
    rules: { 'no-restricted-imports': layerImports(layer) },
  })),
  {
    // The domain is pure: plain data and rules, no framework, database, broker or cache.
    // A feature folder keeps its own domain/ (apps/gateway/src/webhooks/domain/).
    files: ['apps/*/src/**/domain/**/*.ts'],
    ignores: [...TEST_FILES, 'apps/e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: OUTSIDE_THE_DOMAIN,
              message:
                'domain/ holds pure rules: it imports only @emporium/contracts, node: built-ins, files of its own folder and the pure libraries of eslint.config.mjs (PURE_LIBRARIES).',
            },
          ],
        },
      ],
    },
  },
  {
    // One money() (contracts' money() and moneyFrom()) and one staff rule (STAFF_ROLES, isStaff()),
    // never a local copy, tests included.
    files: ['apps/*/src/**/*.ts', 'apps/*/test/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...ONE_OF_EACH],
    },
  },
  {
    // One bigint column transformer for every entity.
    files: ['apps/*/src/**/persistence/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...ONE_OF_EACH,
        {
          selector:
            "Property[key.name='transformer'] > ObjectExpression, VariableDeclarator > ObjectExpression:has(Property[key.name='to']):has(Property[key.name='from'])",
          message: 'Use bigintAsNumber from @emporium/platform-persistence.',
        },
      ],
    },
  },
  {
    // Tests call services with one client: serviceClient(url, secret).as(caller) from @emporium/testing.
    files: ['apps/*/test/support.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@emporium/platform-auth',
              importNames: ['signInternalIdentity'],
              message: 'Use serviceClient(url, secret).as(caller) from @emporium/testing.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulated provider calls its own service's webhook from outside, as a provider would, and
    // runs its sweeps for as long as the provider object lives (tests make several), not the app.
    files: ['apps/payments/src/application/providers/sandbox-callbacks.ts'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-imports': layerImports('application', SERVICE_IMPORT_BANS),
    },
  },
  {
    // The broker depends on Node built-ins only, so it runs wherever Node does.
    files: ['libs/kafka-lite/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!node:|\\.)', message: 'kafka-lite uses Node built-ins only (node:*).' },
          ],
        },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
