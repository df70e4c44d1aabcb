"""The template families of the varied web, one module each."""

from __future__ import annotations

from seeds.varied.families.agency import AgencySite
from seeds.varied.families.aggregator import AggregatorSite
from seeds.varied.families.amp import AmpSite
from seeds.varied.families.blogger import BloggerSite
from seeds.varied.families.divsoup import DivSoupSite
from seeds.varied.families.joomla import JoomlaSite
from seeds.varied.families.portal import PortalSite
from seeds.varied.families.wordpress import WordPressSite

# The aggregator comes last: it republishes the stories of the others.
FAMILIES = (
    AgencySite, PortalSite, WordPressSite, JoomlaSite, AmpSite, BloggerSite, DivSoupSite,
    AggregatorSite,
)  # fmt: skip

__all__ = ["FAMILIES"]
