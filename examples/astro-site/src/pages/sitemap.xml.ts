// Every page with its language versions (hreflang), for search engines.
import type { APIRoute } from "astro";
import { absolute, allPages } from "../lib/content";

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export const GET: APIRoute = ({ site }) => {
  const entries = allPages().map((page) => {
    const versions = [{ locale: page.locale, path: page.path }, ...page.translations];
    const alternates = page.translations.length
      ? versions.map((v) => `<xhtml:link rel="alternate" hreflang="${v.locale}" href="${escape(absolute(v.path, site))}"/>`).join("")
      : "";
    const lastmod = page.last_published_at ? `<lastmod>${page.last_published_at}</lastmod>` : "";
    return `<url><loc>${escape(absolute(page.path, site))}</loc>${lastmod}${alternates}</url>`;
  });
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${entries.join("")}</urlset>\n`,
    { headers: { "Content-Type": "application/xml" } },
  );
};
