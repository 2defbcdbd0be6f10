// The export as scripts/build.mjs stored it, typed with the types that
// openapi-typescript generates from the CMS's OpenAPI document (src/api.d.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { components } from "../api";

type Schemas = components["schemas"];
export type Page = Schemas["PageDetail"];
export type Block = Schemas["BodyBlock"];
export type Image = Schemas["Image"];
export type Summary = Schemas["PageSummary"];
export type Settings = Schemas["SiteSettings"];
export type Navigation = Schemas["Navigation"];
export type NavigationItem = Schemas["NavigationItem"];
export type FormField = Schemas["FormField"];

interface Store {
  cursor: string;
  pages: Record<string, Page>;
  settings: Settings;
  navigation: Record<string, Navigation>;
}

let cached: Store | undefined;

export function store(): Store {
  cached ??= JSON.parse(
    readFileSync(path.join(process.env.CONTENT_DIR || ".cache", "content.json"), "utf8"),
  ) as Store;
  return cached;
}

export function allPages(): Page[] {
  return Object.values(store().pages);
}

/** The paths this run renders: all of them, or those an incremental build names. */
export function pathsToRender(): Page[] {
  const only = process.env.ONLY_PATHS ? new Set(JSON.parse(process.env.ONLY_PATHS) as string[]) : null;
  return allPages().filter((page) => only === null || only.has(page.path));
}

/** A listing's entries: the published pages directly below it, newest first. */
export function children(parent: Page): Page[] {
  return allPages()
    .filter((page) => page.path !== parent.path && page.path.replace(/[^/]+\/$/, "") === parent.path)
    .sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
}

function sortKey(page: Page): string {
  if (page.type === "content.NewsPage") return page.date;
  if (page.type === "content.ProjectPage") return page.completion_date ?? "";
  return page.first_published_at ?? "";
}

/** The pages a language's footer links to: those below its home page that are not in its menu
 * (imprint, privacy); a language without them links the default language's. */
export function legalPages(locale: string): Page[] {
  const { settings, navigation } = store();
  const linked = (code: string) => {
    const home = allPages().find((page) => page.type === "content.HomePage" && page.locale === code);
    if (!home) return [];
    const inMenu = new Set((navigation[code]?.items ?? []).map((item) => item.path));
    return children(home)
      .filter((page) => page.type === "content.StandardPage" && !inMenu.has(page.path))
      .sort((a, b) => a.title.localeCompare(b.title));
  };
  const own = linked(locale);
  return own.length ? own : linked(settings.locale);
}

export function homePath(locale: string): string {
  return allPages().find((page) => page.type === "content.HomePage" && page.locale === locale)?.path ?? "/";
}

export function absolute(pagePath: string, site: URL | undefined): string {
  return new URL(pagePath, site).href;
}
