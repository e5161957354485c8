// Bundles the API's own code and the workspace packages into dist/; npm dependencies stay
// external (PGlite loads its WebAssembly next to its own module).
import { build } from 'esbuild';

const workspace = /^@mentalspace\//;

await build({
  entryPoints: {
    server: 'src/server.ts',
    migrate: 'src/migrate.ts',
    // One-off operator commands, runnable in the production image as node apps/api/dist/<name>.js
    'keys-rotate': 'src/keys-rotate.ts',
    'audit-verify': 'src/audit-verify.ts',
    'super-admin': 'src/super-admin.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'externalize-dependencies',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          workspace.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
