"""The `landing` command: the same services as the web UI, for terminals and scripts. One
module per command group; this file only gathers them under one group."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from landing import create_app
from landing.cli import (
    calls,
    company,
    operations,
    prospect_lists,
    prospects,
    site,
    team,
    urls,
    videos,
)  # fmt: skip


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """landing: speakable personal pages for prospects, and who to call next."""


for command in (
    operations.init_command, operations.db_group, operations.backup_command,
    operations.restore_command, operations.worker_command, operations.purge_command,
    team.rep_group, team.token_group, company.company_group,
    prospects.prospect_group, prospects.qr_command, prospects.visits_command,
    prospects.import_command, prospects.export_command, prospect_lists.prospects_command,
    calls.script_group, calls.voicemail_group, calls.outcome_command,
    calls.templates_command, calls.calls,
    urls.resolve_command, urls.misses_command, urls.rivals_command, site.site_group,
    videos.video_group,
):  # fmt: skip
    cli.add_command(command)
