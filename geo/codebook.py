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
    # COW IGO's membership of an organisation, a value a year: not a treaty's obligations (ATOP's kinds).
    membership = "membership"
    strategic_partnership = "strategic_partnership"
    stance = "stance"
    # ATOP's obligation types, each tie under its strongest obligation. Not the sources' word
    # "alliance": ATOP codes pledges that the news texts never call one.
    defence_pact = "defence_pact"
    offence_pact = "offence_pact"
    neutrality_pact = "neutrality_pact"
    non_aggression_pact = "non_aggression_pact"
    consultation_pact = "consultation_pact"


class Status(str, Enum):
    in_force = "in_force"
    continuing = "continuing"
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
        "Public support for a Central Asian government on a security matter, or a shared public stance, "
        "with no agreement signed."),
    Kind.prospective_alliance: Term(
        "Prospective alliance", "An alliance that a source argues for or expects: opinion, not fact."),
    Kind.non_membership: Term("Non-membership", "A stated refusal to join a bloc."),
    Kind.membership: Term(
        "Membership (COW IGO)",
        "COW IGO: a state's full or associate membership of an intergovernmental organisation, or its observer "
        "status, coded a value a calendar year."),
    Kind.strategic_partnership: Term(
        "Strategic partnership", "A declared comprehensive or strategic partnership: a framework of relations, "
        "below alliance."),
    Kind.stance: Term(
        "Stance", "A public position on another state's war or bloc, taken with no agreement signed."),
    Kind.defence_pact: Term(
        "Defence pact (ATOP)",
        "ATOP: a member promises active military support if a partner is attacked."),
    Kind.offence_pact: Term(
        "Offence pact (ATOP)", "ATOP: a member promises active military support in a conflict a partner starts."),
    Kind.neutrality_pact: Term(
        "Neutrality pact (ATOP)",
        "ATOP: a member promises not to support any state that attacks a partner."),
    Kind.non_aggression_pact: Term(
        "Non-aggression pact (ATOP)", "ATOP: the members promise not to use force against each other."),
    Kind.consultation_pact: Term(
        "Consultation pact (ATOP)",
        "ATOP: the members promise to consult each other in a crisis that may lead to conflict."),
}

ATOP_KINDS = (Kind.defence_pact, Kind.offence_pact, Kind.neutrality_pact, Kind.non_aggression_pact,
              Kind.consultation_pact)

OBLIGATION_WORDS = {
    "defence": "defend a partner that is attacked",
    "offence": "join a partner's war",
    "neutrality": "stay neutral if a partner is attacked",
    "non_aggression": "use no force against a partner",
    "consultation": "consult a partner in a crisis",
}

STATUSES: dict[Status, Term] = {
    Status.speculative: Term(
        "Speculative", "A prospective alliance: a source's opinion or expectation, never a documented tie."),
    Status.planned: Term(
        "Projection",
        "The year lies after the newest source: a signed programme's later years, or a tie carried "
        "forward because no source reports its end."),
    Status.ended: Term("Ended", "The tie ended during this year; from the next year on it is gone."),
    Status.in_force: Term("In force", "A source attests it as holding during this year."),
    Status.continuing: Term(
        "Continuing",
        "No end reported, but no source attests it for this year: the last attestation is earlier (named)."),
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

ATTESTED_RULE = (
    "A source attests a tie from its start up to the year in which the source speaks of it as holding: "
    "a news text up to its own date when it reports the tie as current (a quote that only tells how "
    "the tie began attests nothing later), ATOP up to the member's exit, or to 2018 where it codes the "
    "treaty as still in effect when its data end. The latest such year is the tie's last attested year."
)

STATUS_RULE = (
    "Status is derived for each year, in this order: speculative for a prospective alliance; "
    "projection if the year lies after the newest source's date; ended if the relation ended "
    "during the year after starting in an earlier one; in force if a source attests it for the "
    "year (so an exercise held and over within one year shows as in force for that year); "
    "otherwise continuing: no end is reported, and the panel names the year it was last attested."
)
