// The one swc configuration of the repository, shared by the build (tools/build.mjs) and Jest:
// legacy decorators with metadata, which Nest's dependency injection and TypeORM need.
module.exports = {
  swcrc: false,
  sourceMaps: true,
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};
