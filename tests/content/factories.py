import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cms.content.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Test Carpentry"
    intro = "We build things from wood."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standard page {n}")


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projects"


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A kitchen in solid oak."
    location = "Freiburg"
    completion_date = datetime.date(2026, 1, 15)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News post {n}")
    intro = "Something happened in the workshop."


class ContactPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContactPage

    title = "Contact"
    to_address = "owner@carpentry.example"
    from_address = "website@carpentry.example"
    subject = "New enquiry"
    thank_you_text = "Thanks, we will call you back."


class ContactFormFieldFactory(DjangoModelFactory):
    class Meta:
        model = ContactFormField

    label = factory.Sequence(lambda n: f"Field {n}")
    field_type = "singleline"
    required = True
