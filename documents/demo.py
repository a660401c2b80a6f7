"""Demo data for the document library: the seeds' public documents and, with
the demo accounts, a members-only draft in every working group and a briefing
for partners; each a small but valid PDF. Idempotent: documents are found by
title first.

Run after `stakeholders.demo.seed` and `workinggroups.demo.seed`.
"""

import textwrap

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from workinggroups.models import GroupMembership, GroupRole, WorkingGroup

from .models import Document
from .services import document_import

SECRETARIAT_EMAIL = "secretariat@demo.example"

# (group slug, title, description, text)
GROUP_DOCUMENTS = [
    (
        "anti-poaching",
        "Draft joint anti-poaching action programme 2026",
        "Working draft for the group: joint patrol routes, information exchange between the agencies and the training plan for the coming year.",
        "This draft sets out the joint anti-poaching action programme for 2026: coordinated patrols on both sides of the border, a monthly exchange of anti-poaching information between the implementing agencies, an evaluation of last season's experience and results, and a training and capacity-building plan for rangers.",
    ),
    (
        "joint-survey-monitoring",
        "Draft joint survey protocol 2026",
        "Working draft of the uniform survey and monitoring method the group proposes for the 2026 cross-border survey: transects, camera-trap grid and data sharing.",
        "This draft protocol proposes uniform methods and standards for the 2026 cross-border survey of Amur tigers, Amur leopards and their prey: snow-track transects along agreed routes, a shared camera-trap grid on both sides of the border, common identification of individuals from photographs, and the regular exchange of monitoring data through the partnership's data-sharing platform.",
    ),
    (
        "policy-enforcement",
        "Draft terms of reference of the cross-border expert group",
        "Working draft: membership, tasks and working methods of the proposed cross-border tiger and leopard expert group.",
        "This draft describes the proposed cross-border tiger and leopard expert group: its members from the implementing organisations, its tasks in aligning conservation policies and enforcement measures, and how it reports to the coordination committee.",
    ),
    (
        "protected-area-capacity",
        "Draft exchange-visit programme for reserve staff 2026",
        "Working draft of the periodic visits and exchange of experience between protected areas planned for 2026.",
        "This draft lists the exchange visits between nature reserve authorities planned for 2026, the management topics of each visit and the common conservation management goals the group proposes to measure progress against.",
    ),
    (
        "public-awareness",
        "Draft programme of the joint youth summer camp 2026",
        "Working draft of the joint youth summer camp and the Tiger and Leopard Festival events for 2026.",
        "This draft outlines the joint youth summer camp for 2026, the Tiger Festival and Leopard Festival events on both sides of the border and the joint educational publications the group plans to prepare.",
    ),
    (
        "ecological-corridors",
        "Draft corridor planning notes for the transboundary area",
        "Working notes on the joint investigation, planning and monitoring of ecological corridors for the Amur tiger.",
        "These notes collect the group's first findings on ecological corridors for the Amur tiger in the transboundary area: candidate corridors from joint investigation, questions of planning, design and construction, and a proposal for monitoring their use.",
    ),
    (
        "jilin-primorye",
        "Draft Jilin–Primorye cooperation work programme 2026",
        "Working draft of the 2026 work programme under the 2010 cooperation agreement between Jilin Province and Primorsky Krai.",
        "This draft sets out the joint work planned for 2026 in the Jilin–Primorye transboundary area under the 2010 cooperation agreement between Jilin Province and Primorsky Krai: joint patrols, data exchange and meetings of the protected-area administrations.",
    ),
    (
        "leopard-survey",
        "Draft Far Eastern leopard survey design 2026",
        "Working draft of the survey design of the leopard survey working group of the Slavyanka mechanism.",
        "This draft proposes the design of the 2026 Far Eastern leopard survey: the survey area on both sides of the border, the camera-trap effort needed, and how the results will be pooled and checked by the working group.",
    ),
    (
        "camera-trapping",
        "Draft common camera-trap protocol",
        "Working draft of the common camera-trap protocol, shared photo identification and data exchange rules.",
        "This draft proposes a common camera-trap protocol for the partners: camera placement and settings, naming of photographs, shared identification of individual tigers and leopards from their coat patterns, and the rules for exchanging data.",
    ),
]

# (title, access, description, paragraphs)
LIBRARY_DOCUMENTS = [
    (
        "Harbin Consensus on Strengthening Cooperation in Transboundary Conservation of Tigers and Leopards (2019)",
        Document.Access.PUBLIC,
        "Adopted at the forum held in Harbin on 27–30 July 2019, organised by the National Forestry and Grassland Administration of China and hosted by Northeast Forestry University: over 300 representatives and experts from 19 countries and 12 international organisations.",
        [
            "Tigers and leopards are flagship species of biodiversity conservation in Asia. They play an irreplaceable role in maintaining ecosystem balance and are regarded as important carriers of ecological culture.",
            "IV. Recovery of tiger and leopard populations and their habitats in transboundary areas requires sustained and collaborative actions from all stakeholders.",
            "(1) To strengthen conservation of tiger and leopard habitats in transboundary areas, by restoring habitats and developing transboundary ecological corridors, so that fragmented habitats are connected and tigers, leopards and their prey migrate freely across the border.",
            "(2) To improve information sharing, communication and coordination through multi-stakeholder platforms, for timely and comprehensive information sharing and joint scientific assessment.",
            "(3) To harmonize technical standards for scientific monitoring and habitat restoration.",
            "(4) To strengthen law enforcement cooperation and information exchange in transboundary areas.",
        ],
    ),
    (
        "Proposal for the NEASPEC Partnership for Tiger and Leopard Conservation (2012)",
        Document.Access.PUBLIC,
        "The proposal of the NEASPEC project on nature conservation in transboundary areas of North-East Asia to establish a partnership platform for communication, collaboration and coordination.",
        [
            "Amur tigers and Amur leopards are two critically endangered feline animals that witnessed dramatic demographic reduction over the past century.",
            "Conservation of the feline animals requires further efforts for (1) expanding protected areas beyond national borders, (2) maintaining population of prey, (3) engaging local community and the public in protection work, and (4) improving technical capacity of conservation work.",
            "The establishment of the NEASPEC Partnership for Tiger and Leopard Conservation is proposed: a platform that brings all stakeholders together for communication, collaboration and coordination across borders.",
        ],
    ),
    (
        "Potential Mechanisms for Transboundary Cooperation in the Lower Tumen River Area",
        Document.Access.PUBLIC,
        "Discussion topics on coordination of anti-poaching activities, joint survey and monitoring, policy and enforcement, protected-area capacity, public awareness and ecological corridors.",
        [
            "Discussion topic 1: Coordination of anti-poaching activities.",
            "Discussion topic 2: Joint survey and monitoring: uniform survey and monitoring methods and standards; regular exchange and sharing of monitoring information through a data-sharing platform; periodic training; cross-border joint survey; research cooperation.",
        ],
    ),
    (
        "Tiger and leopard numbers 2015–2025: briefing for partners",
        Document.Access.MEMBERS,
        "Figures gathered for the partners from published sources, for discussion in the working groups before publication.",
        [
            "China: about 27 tigers and 42 leopards in 2015; about 70 tigers and 80 leopards in 2025.",
            "Land of the Leopard National Park (Russian Federation): leopards up from 35 to over 120 individuals since the park was established, tigers to over 50.",
            "For discussion in the working groups; not for publication in this form.",
        ],
    ),
]


# --- A tiny PDF writer --------------------------------------------------------


def _pdf_text(text: str) -> bytes:
    """Text for a PDF string in WinAnsiEncoding, with its special characters escaped."""
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small, valid PDF (A4, Helvetica) with a title and wrapped paragraphs,
    on as many pages as it needs."""
    lines = [("F2", 15, line) for line in textwrap.wrap(title, 60)] + [("F1", 11, "")]
    for paragraph in paragraphs:
        lines += [("F1", 11, line) for line in textwrap.wrap(paragraph, 88)]
        lines.append(("F1", 11, ""))
    per_page = 46
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]

    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    info = add(b"<< /Title (" + _pdf_text(title) + b") /Producer (Partnership Portal) >>")
    regular = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    tree = add(b"")
    kids = []
    for page_lines in pages:
        stream = [b"BT", b"56 790 Td"]
        for font, size, line in page_lines:
            stream.append(f"/{font} {size} Tf 0 -{size + 5} Td".encode())
            stream.append(b"(" + _pdf_text(line) + b") Tj")
        stream.append(b"ET")
        content = b"\n".join(stream)
        content_number = add(
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        )
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] " % tree
                + b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> " % (regular, bold)
                + b"/Contents %d 0 R >>" % content_number
            )
        )
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        catalog,
        info,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _file_name(title: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(title)[:80] or 'document'}.pdf"


# --- Seeding ------------------------------------------------------------------


def _uploader_for(group, secretariat):
    lead = (
        GroupMembership.objects.filter(group=group, role=GroupRole.LEAD)
        .select_related("user")
        .order_by("joined_at", "pk")
        .first()
    )
    return lead.user if lead else secretariat


def _ensure(*, title, description, access, group, uploaded_by, paragraphs):
    if Document.objects.filter(title=title).exists():
        return
    document_import(
        uploaded_by=uploaded_by,
        title=title,
        description=description,
        language="en",
        access=access,
        group=group,
        file=ContentFile(text_pdf(title, paragraphs), name=_file_name(title)),
        note="First version.",
    )


@transaction.atomic
def seed(*, password=None, with_accounts=False):
    """Add the demo documents that are missing.

    The seeds' public documents are real and always added; the work in
    progress (a members-only draft in every group, uploaded by its lead, and a
    briefing for partners) only with the demo accounts, as the other apps do
    with theirs."""
    secretariat = get_user_model().objects.filter(email=SECRETARIAT_EMAIL).first()
    for title, access, description, paragraphs in LIBRARY_DOCUMENTS:
        if access != Document.Access.PUBLIC and not with_accounts:
            continue
        _ensure(
            title=title,
            description=description,
            access=access,
            group=None,
            uploaded_by=secretariat,
            paragraphs=paragraphs,
        )
    if not with_accounts:
        return
    groups = {group.slug: group for group in WorkingGroup.objects.all()}
    for slug, title, description, text in GROUP_DOCUMENTS:
        group = groups.get(slug)
        if group is None:
            continue
        _ensure(
            title=title,
            description=description,
            access=Document.Access.GROUP,
            group=group,
            uploaded_by=_uploader_for(group, secretariat),
            paragraphs=[text, f"Working group: {group.name}. Draft for the group's members only."],
        )
