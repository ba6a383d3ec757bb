"""The codebook: relation kinds, derived statuses and quote voices.

Every page, export and check reads these definitions, so the Codebook page cannot drift from
what the code does.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    alliance = "alliance"
    military_partnership = "military_partnership"
    defence_cooperation = "defence_cooperation"
    security_cooperation = "security_cooperation"
    military_exercise = "military_exercise"
    basing = "basing"
    diplomatic_backing = "diplomatic_backing"
    prospective_alliance = "prospective_alliance"
    non_membership = "non_membership"


class Status(str, Enum):
    in_force = "in_force"
    planned = "planned"
    ended = "ended"
    speculative = "speculative"


class Voice(str, Enum):
    report = "report"
    opinion = "opinion"


@dataclass(frozen=True)
class Term:
    label: str
    definition: str


KINDS: dict[Kind, Term] = {
    Kind.alliance: Term("Alliance", "A treaty or agreement on allied relations."),
    Kind.military_partnership: Term(
        "Military partnership", "A signed programme of military cooperation over set years."),
    Kind.defence_cooperation: Term(
        "Defence cooperation", "A defence cooperation treaty: arms supplies, military assistance, joint research."),
    Kind.security_cooperation: Term(
        "Security cooperation", "Memoranda and plans against shared threats, below alliance level."),
    Kind.military_exercise: Term("Military exercise", "Joint exercises of the parties' armed forces."),
    Kind.basing: Term("Basing", "Foreign troops stationed on a state's soil."),
    Kind.diplomatic_backing: Term(
        "Diplomatic backing",
        "Public support for Uzbekistan's government on a security matter, or a shared public stance, "
        "with no agreement signed."),
    Kind.prospective_alliance: Term(
        "Prospective alliance", "An alliance that a source argues for or expects: opinion, not fact."),
    Kind.non_membership: Term("Non-membership", "A stated refusal to join a bloc."),
}

STATUSES: dict[Status, Term] = {
    Status.speculative: Term(
        "Speculative", "A prospective alliance: a source's opinion or expectation, never a documented tie."),
    Status.planned: Term(
        "Projection",
        "The year lies after the newest source: a signed programme's later years, or a tie carried "
        "forward because no source reports its end."),
    Status.ended: Term("Ended", "The tie ended during this year; from the next year on it is gone."),
    Status.in_force: Term("In force", "Documented by a source as holding during this year."),
}

VOICES: dict[Voice, Term] = {
    Voice.report: Term("Report", "A source reporting what happened or what a party said."),
    Voice.opinion: Term("Opinion", "A commentator's or newspaper's judgement or expectation."),
}

BELONGS_RULE = (
    "A relation belongs to year Y when it held at any time during Y: it started on or before "
    "31 December of Y and had not ended before 1 January of Y. A start or end known only to the "
    "month or year is taken at its widest (a 2017 start counts from 1 January 2017; a 2005 end "
    "lasts until 31 December 2005)."
)

STATUS_RULE = (
    "Status is derived for each year, in this order: speculative for a prospective alliance; "
    "projection if the year lies after the newest source's date; ended if the relation ended "
    "during the year after starting in an earlier one; otherwise in force (so an exercise held "
    "and over within one year shows as in force for that year)."
)
