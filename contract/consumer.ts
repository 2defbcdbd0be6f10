// What a frontend writes against the generated types (api.d.ts, made by
// `make contract`): narrow a page by its `type`, then each block by its
// `type`, with no casts. tests/api/test_contract.py compiles it with --strict.
import type { components } from "./api";

type Schemas = components["schemas"];
type Page = Schemas["PageDetail"];
type Block = Schemas["BodyBlock"];
type Image = Schemas["Image"];

function picture(image: Image | null, alt?: string): string {
  if (image === null) return "";
  const sources = [`<source type="image/avif" srcset="${image.srcset.avif}">`];
  sources.push(`<source type="image/webp" srcset="${image.srcset.webp}">`);
  const fallback = image.srcset.jpeg ?? image.srcset.png ?? image.src;
  return `<picture>${sources.join("")}<img src="${image.src}" srcset="${fallback}" sizes="${image.sizes}" width="${image.width}" height="${image.height}" alt="${alt ?? image.alt}"></picture>`;
}

export function renderBlock(block: Block): string {
  switch (block.type) {
    case "heading":
      return `<${block.value.level}>${block.value.text}</${block.value.level}>`;
    case "paragraph":
      return block.value;
    case "image":
      return picture(block.value.image, block.value.alt_text) + block.value.caption;
    case "gallery":
      return block.value.images.map((item) => picture(item.image) + item.caption).join("");
    case "quote":
      return `<blockquote>${block.value.quote}<cite>${block.value.author}, ${block.value.role}</cite></blockquote>`;
    case "call_to_action":
      return `<a href="${block.value.href ?? ""}">${block.value.button_label}</a>`;
    case "text_with_image":
      return block.value.image_position === "left"
        ? picture(block.value.image) + block.value.text
        : block.value.text + picture(block.value.image);
    case "video":
      return block.value.video?.html ?? block.value.video?.url ?? "";
    case "faq":
      return block.value.items.map((item) => `<dt>${item.question}</dt><dd>${item.answer}</dd>`).join("");
    case "facts":
      return block.value.facts.map((fact) => `${fact.value} ${fact.label}`).join(", ");
    default: {
      // A block type the frontend does not know yet fails to compile here.
      const unknownBlock: never = block;
      return unknownBlock;
    }
  }
}

export function renderPage(page: Page): string {
  const head = `<h1>${page.title}</h1>` + page.translations.map((t) => `<link rel="alternate" hreflang="${t.locale}" href="${t.url}">`).join("");
  switch (page.type) {
    case "content.HomePage":
      return head + page.hero_heading + page.featured_projects.map((p) => picture(p.thumbnail)).join("") + page.body.map(renderBlock).join("");
    case "content.ProjectPage":
      return head + page.summary + (page.completion_date ?? "") + page.gallery.map((item) => picture(item.image)).join("") + page.body.map(renderBlock).join("");
    case "content.NewsPage":
      return head + page.date + page.author + page.tags.join(", ") + page.body.map(renderBlock).join("");
    case "content.StandardPage":
      return head + picture(page.hero_image) + page.body.map(renderBlock).join("");
    case "content.ContactPage":
      return head + page.form.fields.map((field) => `<label>${field.label}<input name="${field.name}" type="${field.type}" ${field.required ? "required" : ""}></label>`).join("");
    case "content.ProjectIndexPage":
    case "content.NewsIndexPage":
      return head + page.intro;
    default: {
      const unknownPage: never = page;
      return unknownPage;
    }
  }
}

export function errorMessage(error: Schemas["Error"]): string {
  return error.error.code === "translation_not_found"
    ? (error.error.available ?? []).map((a) => a.path).join(" ")
    : error.error.message;
}
