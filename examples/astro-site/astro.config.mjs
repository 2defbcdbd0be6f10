import { defineConfig } from "astro/config";

// SITE_URL: where the built site is served (canonical, hreflang and sitemap URLs).
// OUT_DIR: scripts/build.mjs builds an incremental run into a scratch folder.
export default defineConfig({
  site: process.env.SITE_URL || "http://127.0.0.1:4321",
  outDir: process.env.OUT_DIR || "./dist",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "always" },
  compressHTML: true,
  devToolbar: { enabled: false },
});
