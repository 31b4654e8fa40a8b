"""The zonewatch schema as SQLAlchemy 2 typed ORM classes.

The schema is created and changed only by the Alembic migrations in storage/migrations; these
classes describe it for the code and must stay in step with them (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so migrations can drop and alter them on both SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Site(Base):
    """A configured zone site; mirrors the sites YAML so runs and documents can refer to it."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    last_full_sweep_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class CrawlRun(Base):
    """One crawl of one site. status: running, ok, failed; reason says why a site failed."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    full_sweep: Mapped[bool] = mapped_column(Boolean, default=False)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    site: Mapped[Site] = relationship()


class Document(Base):
    """A fetched page or attachment, raw bytes kept (zlib) so everything can be re-parsed later."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    final_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    # An attachment points at the article that links it.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="page")  # page | attachment
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    list_title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    file_type: Mapped[str | None] = mapped_column(String(20), nullable=True)  # html pdf docx doc wps ofd …
    filename: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(200), nullable=True)
    encoding: Mapped[str | None] = mapped_column(String(50), nullable=True)
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    etag: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Parse bookkeeping: pending until the parse stage has seen this version of the bytes.
    parse_status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    parse_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    parsed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    extractor_version: Mapped[str | None] = mapped_column(String(40), nullable=True)

    site: Mapped[Site] = relationship()
    attachments: Mapped[list[Document]] = relationship(back_populates="parent")
    parent: Mapped[Document | None] = relationship(back_populates="attachments", remote_side=[id])


class Report(Base):
    """What the parse stage made of one document; is_report says whether it is a zone work report."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)
    plan_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    review_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    is_report: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    report_score: Mapped[float] = mapped_column(Float, default=0.0)
    clean_text: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # horizons, speaker, meeting …
    extractor_version: Mapped[str] = mapped_column(String(40), default="")
    parsed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    records: Mapped[list[TargetRecord]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="TargetRecord.seq"
    )

    __table_args__ = (Index("ix_reports_zone_plan_year", "zone", "plan_year"),)


class TargetRecord(Base):
    """One number of a report, as ../shared/spec/targets.md defines it."""

    __tablename__ = "target_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: masked (x.x%)
    unit: Mapped[str] = mapped_column(String(40), default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(10))  # actual | target
    comparator: Mapped[str] = mapped_column(String(2), default="=")
    text: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="records")

    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_target_records_report_seq"),)

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "year": self.year,
            "kind": self.kind,
            "comparator": self.comparator,
            "text": self.text,
        }


class Change(Base):
    """One year-over-year diff item between a zone's report and its previous one.

    previous/current hold snapshots of the compared records, so a later re-parse (which replaces
    records) never orphans a change that was already mailed.
    """

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Natural key of the item (zone, reports, change kind, matched metric): recomputing a diff upserts.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)
    year: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40), default="")
    change: Mapped[str] = mapped_column(String(20))  # new changed dropped met missed unchanged
    direction: Mapped[str | None] = mapped_column(String(10), nullable=True)  # up | down
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="SET NULL"), nullable=True, index=True
    )
    previous_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="SET NULL"), nullable=True
    )
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    current: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Set once the change is in a digest; a change belongs to exactly one digest.
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), nullable=True, index=True
    )


class HealthAlert(Base):
    """A source-health problem (a site failing or changed, a zone's report overdue) and what the digest said.

    One row per occurrence: opened when the problem is first seen, resolved when it goes away. The
    alert dates let the digest say a problem once, remind of it weekly and report its recovery once.
    """

    __tablename__ = "health_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # kind:subject
    kind: Mapped[str] = mapped_column(String(30))  # site_failing | site_changed | zone_overdue
    subject: Mapped[str] = mapped_column(String(200))  # site name or zone
    zone: Mapped[str] = mapped_column(String(200), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    last_alerted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_alert: Mapped[str | None] = mapped_column(String(20), nullable=True)  # new | reminder
    recovery_alerted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class OutboxMessage(Base):
    """A rendered digest waiting for (or done with) SMTP delivery. status: pending, sent, failed."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    subject: Mapped[str] = mapped_column(Text)
    sender: Mapped[str] = mapped_column(String(320))
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    change_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class DigestPreview(Base):
    """The digest an approver is asked about, rendered once and kept, so the link in the approval request
    shows exactly what Approve will mail (served read-only by the zone pages: /zonewatch/digests/<id>).
    """

    __tablename__ = "digest_previews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    subject: Mapped[str] = mapped_column(Text)
    until_change_id: Mapped[int] = mapped_column(Integer, default=0)  # the newest change it shows
    change_count: Mapped[int] = mapped_column(Integer, default=0)
    html: Mapped[str] = mapped_column(Text)


class PendingFetch(Base):
    """A URL the crawler owes a site: an attachment of a stored page not yet fetched, or one whose
    fetch failed. The row is written with its page and deleted with the stored document, so a killed
    or failed fetch is retried on the next runs (after next_attempt_at) whatever its page answers.

    status: pending (retry when due) or given_up (reason in last_error, shown in the digest).
    """

    __tablename__ = "pending_fetches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    parent_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    name: Mapped[str | None] = mapped_column(Text, nullable=True)  # the attachment's file name
    kind: Mapped[str] = mapped_column(String(20), default="attachment")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # failed attempts so far
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)  # None: now
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    site: Mapped[Site] = relationship()
