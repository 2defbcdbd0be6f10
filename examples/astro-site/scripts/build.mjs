// Builds the site from the CMS's export (GET /api/v1/export/).
//
//   node scripts/build.mjs            everything, from a full export
//   node scripts/build.mjs --since    only what changed since the last build's cursor:
//                                     tombstoned pages are deleted, changed pages and the
//                                     listings that show them are rendered again
//
// Environment: CMS_URL (the CMS, default http://127.0.0.1:8000), CMS_SITE (the
// site's hostname, for installations with several sites), SITE_URL (where the
// built site is served). The export is kept in .cache/ (CONTENT_DIR) between runs.
import { cp, mkdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cms = (process.env.CMS_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
const contentDir = path.resolve(root, process.env.CONTENT_DIR || ".cache");
const outDir = path.resolve(root, process.env.OUT_DIR || "dist");
const storeFile = path.join(contentDir, "content.json");

function api(endpoint, params = {}) {
  const url = new URL(`${cms}/api/v1/${endpoint}`);
  if (process.env.CMS_SITE) url.searchParams.set("site", process.env.CMS_SITE);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The export's lines: tombstones, pages, and the cursor last. */
async function exportLines(since) {
  const response = await fetch(api("export/", since ? { since } : {}));
  if (response.status === 409) return null; // a cursor the server never gave out: start over
  if (!response.ok) throw new Error(`export: ${response.status} ${await response.text()}`);
  return (await response.text()).split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

/** What every page shows besides itself: the site's settings and each language's menu. */
async function siteWide() {
  const settings = await fetchJson(api("settings/"));
  const navigation = {};
  for (const locale of settings.languages) {
    navigation[locale] = await fetchJson(api("navigation/", { locale }));
  }
  return { settings, navigation };
}

function parentPath(pagePath) {
  return pagePath.replace(/[^/]+\/$/, "");
}

/** A page and what lists it: its parent (project and news lists) and its language's home page. */
function affectedPaths(pagePath, pages) {
  const paths = new Set([pagePath, parentPath(pagePath)]);
  const home = pages[pagePath]?.breadcrumbs?.[0]?.path;
  if (home) paths.add(home);
  return paths;
}

function htmlFile(pagePath) {
  return path.join(outDir, pagePath, "index.html");
}

async function astroBuild(into, only) {
  process.env.ASTRO_TELEMETRY_DISABLED = "1";
  process.env.CONTENT_DIR = contentDir;
  process.env.OUT_DIR = into;
  process.env.ONLY_PATHS = only ? JSON.stringify([...only]) : "";
  const { build } = await import("astro");
  await build({ root, logLevel: "warn" });
}

async function fullBuild() {
  const lines = await exportLines(null);
  const pages = {};
  for (const line of lines.slice(0, -1)) pages[line.path] = line;
  const store = { cursor: lines.at(-1).cursor, pages, ...(await siteWide()) };
  await mkdir(contentDir, { recursive: true });
  await writeFile(storeFile, JSON.stringify(store));
  // Built beside the served folder and swapped in: visitors never see it half built.
  const next = `${outDir}.next`;
  await rm(next, { recursive: true, force: true });
  await astroBuild(next, null);
  await rm(outDir, { recursive: true, force: true });
  await rename(next, outDir);
  return { mode: "full", pages: Object.keys(pages).length, deleted: 0 };
}

async function incrementalBuild() {
  const store = JSON.parse(await readFile(storeFile, "utf8"));
  const lines = await exportLines(store.cursor);
  if (lines === null) return fullBuild();
  const end = lines.at(-1);
  const fresh = await siteWide();
  // A renamed menu entry or changed settings show on every page.
  if (JSON.stringify(fresh) !== JSON.stringify({ settings: store.settings, navigation: store.navigation })) {
    return fullBuild();
  }
  const render = new Set();
  const deleted = [];
  for (const line of lines.slice(0, -1)) {
    if ("deleted" in line) {
      for (const p of affectedPaths(line.path, store.pages)) render.add(p);
      delete store.pages[line.path];
      deleted.push(line.path);
    } else {
      store.pages[line.path] = line;
      for (const p of affectedPaths(line.path, store.pages)) render.add(p);
    }
  }
  // The new cursor is kept only once the pages are built: a build that fails
  // is done again from the old one.
  await writeFile(storeFile, JSON.stringify(store));
  const changed = [...render].filter((p) => store.pages[p]);
  if (changed.length || deleted.length) {
    const scratch = path.join(contentDir, "partial");
    await rm(scratch, { recursive: true, force: true });
    // The sitemap (every page) is written again by every build.
    await astroBuild(scratch, changed);
    await cp(scratch, outDir, { recursive: true });
    await rm(scratch, { recursive: true, force: true });
  }
  // Last, once the lists no longer link them.
  for (const gone of deleted) {
    if (store.pages[gone]) continue;
    await rm(htmlFile(gone), { force: true });
    // Its folder too, unless pages below it are still there.
    await rmdir(path.dirname(htmlFile(gone))).catch(() => {});
  }
  store.cursor = end.cursor;
  await writeFile(storeFile, JSON.stringify(store));
  return { mode: "incremental", pages: changed.length, deleted: deleted.length, rendered: changed };
}

const incremental = process.argv.includes("--since") && existsSync(storeFile);
const result = incremental ? await incrementalBuild() : await fullBuild();
console.log(JSON.stringify(result));
