"""Page types of a small-business site, one module per section of the site."""

from ..snippets import TeamMember, Testimonial
from .base import BasePage
from .contact import ContactFormField, ContactPage
from .home import HomePage, HomePageFeaturedProject
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .projects import (
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectMaterial,
    ProjectPage,
    ProjectPageTag,
)
from .standard import StandardPage

__all__ = [
    "BasePage",
    "ContactFormField",
    "ContactPage",
    "HomePage",
    "HomePageFeaturedProject",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "ProjectGalleryImage",
    "ProjectIndexPage",
    "ProjectMaterial",
    "ProjectPage",
    "ProjectPageTag",
    "StandardPage",
    "TeamMember",
    "Testimonial",
]
