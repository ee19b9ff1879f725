// Bundles the extension (and, with --tests, the unit tests) with esbuild.
//   node scripts/build.mjs               development bundle with source maps
//   node scripts/build.mjs --production  minified bundle, used when packaging
//   node scripts/build.mjs --watch       rebuild on change
//   node scripts/build.mjs --tests       compile test/*.test.ts to out/test/
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";

const args = new Set(process.argv.slice(2));
const production = args.has("--production");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
};

if (args.has("--tests")) {
  const entryPoints = readdirSync("test")
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => `test/${f}`);
  await esbuild.build({ ...common, entryPoints, outdir: "out/test", sourcemap: "inline" });
} else {
  const options = {
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    minify: production,
    sourcemap: !production,
  };
  if (args.has("--watch")) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    console.log("watching src/ for changes");
  } else {
    await esbuild.build(options);
  }
}
