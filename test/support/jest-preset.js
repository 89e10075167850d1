const path = require('node:path');

/** swc with decorator metadata, so Nest's DI works in tests exactly as in the tsc build. */
const swcTransform = (tsx = false) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: tsx ? { runtime: 'automatic' } : undefined },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  swcTransform,
  moduleNameMapper: {
    '^@babillard/contracts$': path.join(__dirname, '../../libs/contracts/src/index.ts'),
    '^@babillard/connectors$': path.join(__dirname, '../../libs/connectors/src/index.ts'),
  },
};
