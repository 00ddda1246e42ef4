"""The project file: the only package that speaks SQL (see ``README.md`` beside this file).

``open_project`` and ``create_project`` return a ``Project`` whose repositories (documents,
reviewers, codes, annotations) read and write plain values from ``desktop.core.model``.
"""

from desktop.core.filtering import AnnotationFilter
from desktop.store.annotations import AnnotationSnapshot
from desktop.store.codes import CodebookDiff
from desktop.store.documents import NewDocument
from desktop.store.errors import (
    DamagedProjectError,
    NewerProjectError,
    ProjectBusy,
    ProjectError,
    StaleError,
)
from desktop.store.pages import DrawnAnnotation, PagePlace
from desktop.store.project import (
    SUFFIX,
    Project,
    backup,
    create_project,
    latest_backup,
    open_project,
    prune_backups,
    remove_project,
)
from desktop.store.queries import ListedAnnotation
from desktop.store.schema import APPLICATION_ID, SCHEMA_VERSION
from desktop.store.streams import AnnotationRecord, CodingRecord

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SUFFIX",
    "AnnotationFilter",
    "AnnotationRecord",
    "AnnotationSnapshot",
    "CodebookDiff",
    "CodingRecord",
    "DamagedProjectError",
    "DrawnAnnotation",
    "ListedAnnotation",
    "NewDocument",
    "NewerProjectError",
    "PagePlace",
    "Project",
    "ProjectBusy",
    "ProjectError",
    "StaleError",
    "backup",
    "create_project",
    "latest_backup",
    "open_project",
    "prune_backups",
    "remove_project",
]
