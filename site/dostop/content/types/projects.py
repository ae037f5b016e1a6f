"""Projects: the agency's projects in their own order, each with the news that names it."""

from __future__ import annotations

from dataclasses import dataclass

from dostop.content.declaration import ContentType, Field, HomeSection, Labels
from dostop.content.model import ContentItem
from dostop.i18n import N_


@dataclass(frozen=True)
class Project(ContentItem):
    status: str = ""
    period: str = ""
    programme: str = ""


PROJECTS = ContentType(
    name="project",
    folder="projects",
    model=Project,
    paths={"sl": "/sl/projekti/", "en": "/en/projects/"},
    fields=(Field("status"), Field("period", label=N_("Duration"), in_list=True),
            Field("programme", label=N_("Programme"))),
    labels=Labels(
        plural=N_("Projects"),
        singular=N_("Project"),
        only_in={"sl": N_("This project is available only in Slovenian."),
                 "en": N_("This project is available only in English.")},
    ),
    item_template="pages/project.html",
    home=HomeSection(heading=N_("Projects"), count=6, more=N_("All projects")),
)
